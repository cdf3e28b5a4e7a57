import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The host ESP32's fault file (`--faults FILE`), which the shim re-reads while running: one
 * `key=value` per line, e.g. `wifi_down=1`, `nvs_write_fail=1`. The twin rewrites it whole.
 */
export class FaultFile {
  private readonly faults = new Map<string, string>();

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.flush();
  }

  set(key: string, value: string | number | boolean): void {
    this.faults.set(key, String(typeof value === 'boolean' ? Number(value) : value));
    this.flush();
  }

  clear(key: string): void {
    this.faults.delete(key);
    this.flush();
  }

  get active(): Record<string, string> {
    return Object.fromEntries(this.faults);
  }

  private flush(): void {
    writeFileSync(this.path, [...this.faults].map(([k, v]) => `${k}=${v}\n`).join(''));
  }
}
