import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClockFile } from './clock-file';

describe(ClockFile.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'twin-clock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the virtual UTC ms as 8 little-endian bytes at offset 0, rewritten in place', () => {
    const path = join(dir, 'clock');
    const file = ClockFile.create(path, 1_760_000_000_123);
    expect(statSync(path).size).toBe(8);
    expect(readFileSync(path).readBigUInt64LE(0)).toBe(1_760_000_000_123n);
    file.write(1_760_000_999_999);
    expect(statSync(path).size).toBe(8);
    expect(ClockFile.read(path)).toBe(1_760_000_999_999);
    file.close();
    expect(() => file.write(1)).toThrow(/closed/);
  });
});
