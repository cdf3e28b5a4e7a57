import { encodeReading } from './encode-reading';
import { loadFixtures } from './fixtures';
import { parseReading } from './reading';

describe(encodeReading.name, () => {
  const canonical = [...loadFixtures('reading'), ...loadFixtures('uart')].filter((c) => c.valid && !c.file.includes('legacy'));

  it.each(canonical.map((c) => [c.file, c] as const))('reproduces %s byte for byte', (_file, fixture) => {
    const parsed = parseReading(fixture.payload);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(encodeReading(parsed.reading)).toBe(fixture.payload.toString('utf8'));
  });
});
