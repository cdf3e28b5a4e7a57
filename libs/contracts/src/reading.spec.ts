import { loadFixtures } from './fixtures';
import { parseReading, readingSchema } from './reading';

describe('parseReading', () => {
  describe.each(loadFixtures('reading').filter((c) => c.valid).map((c) => [c.file, c] as const))('accepts %s', (_file, fixture) => {
    it('with the values the manifest lists', () => {
      const result = parseReading(fixture.payload);
      expect(result).toEqual({ ok: true, reading: fixture.values });
    });
  });

  describe.each(loadFixtures('reading').filter((c) => !c.valid).map((c) => [c.file, c] as const))('refuses %s', (_file, fixture) => {
    it('with its code and a reason naming the fault', () => {
      const result = parseReading(fixture.payload);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.code).toBe(fixture.code);
      expect(result.reason).toContain(fixture.reason);
    });
  });

  it('accepts every UNO line as a legacy-compatible reading', () => {
    for (const line of loadFixtures('uart')) {
      expect(parseReading(line.payload)).toEqual({ ok: true, reading: line.values });
    }
  });

  it('refuses a payload over the size limit before parsing it', () => {
    const big = JSON.stringify({ Voltage: 230, Current: 1, pad: 'x'.repeat(20_000) });
    expect(parseReading(big)).toEqual({ ok: false, code: 'oversize', reason: expect.stringContaining('limit is 16384') });
  });

  it('refuses invalid UTF-8 as malformed', () => {
    const bytes = Buffer.concat([Buffer.from('{"Voltage":230,"Current":1,"x":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    expect(parseReading(bytes)).toMatchObject({ ok: false, code: 'malformed_json' });
  });

  it('names every faulty field at once', () => {
    const result = parseReading('{"Voltage":-1,"Current":"1"}');
    expect(result).toMatchObject({ ok: false, code: 'invalid_field' });
    if (!result.ok) expect(result.reason).toBe('Voltage must be at least 0 V; Current must be a number (got string "1")');
  });

  it('exposes a schema whose inferred type has the legacy keys', () => {
    const reading = readingSchema.parse({ Voltage: 1, Current: 2 });
    expect(reading.Voltage + reading.Current).toBe(3);
  });
});
