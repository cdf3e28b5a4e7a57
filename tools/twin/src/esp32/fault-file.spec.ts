import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultFile } from './fault-file';

describe(FaultFile.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'twin-faults-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the active faults as key=value lines the host shim reads', () => {
    const faults = new FaultFile(join(dir, 'dev', 'faults'));
    expect(readFileSync(faults.path, 'utf8')).toBe('');
    faults.set('wifi_down', true);
    faults.set('wifi_assoc_ms', 2500);
    expect(readFileSync(faults.path, 'utf8')).toBe('wifi_down=1\nwifi_assoc_ms=2500\n');
    faults.clear('wifi_down');
    expect(faults.active).toEqual({ wifi_assoc_ms: '2500' });
    expect(readFileSync(faults.path, 'utf8')).toBe('wifi_assoc_ms=2500\n');
  });
});
