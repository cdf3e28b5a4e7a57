import { encodeReading } from './encode-reading';
import { loadFixtures } from './fixtures';
import { parseReading } from './reading';

describe(encodeReading.name, () => {
  const readings = loadFixtures('reading').filter((c) => c.valid && !c.file.includes('legacy'));
  // A UNO line is the UNO's `boot` number first, then the measurement keys of a reading.
  const unoLines = loadFixtures('uart').map((c) => ({ ...c, payload: Buffer.from(c.payload.toString('utf8').replace(/^\{"boot":\d+,/, '{')) }));

  it.each([...readings, ...unoLines].map((c) => [c.file, c] as const))('reproduces %s byte for byte', (_file, fixture) => {
    const parsed = parseReading(fixture.payload);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(encodeReading(parsed.reading)).toBe(fixture.payload.toString('utf8'));
  });
});
