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

  it('accepts every UNO line, without its boot number, as a legacy-compatible reading', () => {
    // The ESP32 forwards `boot` as `meter_boot` (with `meter_wh`); the rest of a line is a reading as is.
    for (const line of loadFixtures('uart')) {
      const { boot: _boot, ...json } = JSON.parse(line.payload.toString()) as Record<string, unknown>;
      const { boot: _b, ...values } = line.values ?? {};
      expect(parseReading(JSON.stringify(json))).toEqual({ ok: true, reading: values });
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

describe('meter_boot and meter_wh (the UNO boot number and its energy since that boot)', () => {
  const base = { seq: 1, Voltage: 230, Current: 1, energy_wh: 10 };
  const parse = (extra: Record<string, unknown>) => parseReading(JSON.stringify({ ...base, ...extra }));

  it('accepts both together, at the ends of their ranges', () => {
    expect(parse({ meter_boot: 0, meter_wh: 0 })).toEqual({ ok: true, reading: { ...base, meter_boot: 0, meter_wh: 0 } });
    expect(parse({ meter_boot: 4294967295, meter_wh: 1e12 })).toEqual({ ok: true, reading: { ...base, meter_boot: 4294967295, meter_wh: 1e12 } });
  });

  it('still accepts a reading with neither (older firmware)', () => {
    expect(parse({})).toEqual({ ok: true, reading: base });
  });

  it.each([
    [{ meter_boot: 7 }, 'meter_boot and meter_wh must come together'],
    [{ meter_wh: 1.5 }, 'meter_boot and meter_wh must come together'],
    [{ meter_boot: 4294967296, meter_wh: 1 }, 'meter_boot must be between 0 and 4294967295'],
    [{ meter_boot: -1, meter_wh: 1 }, 'meter_boot must be between 0 and 4294967295'],
    [{ meter_boot: 1.5, meter_wh: 1 }, 'meter_boot must be an integer'],
    [{ meter_boot: 1, meter_wh: -0.001 }, 'meter_wh must be at least 0 Wh'],
    [{ meter_boot: 1, meter_wh: 1e12 + 1 }, 'meter_wh must be at most 1000000000000 Wh'],
    [{ meter_boot: 1, meter_wh: '2' }, 'meter_wh must be a number (got string "2")'],
  ])('refuses %j', (extra, reason) => {
    const result = parse(extra);
    expect(result).toMatchObject({ ok: false, code: 'invalid_field' });
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});
