import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a secret to `file` readable by this user only: the directory is created 0700, the file is
 * written 0600 under a temporary name and renamed, so no reader ever sees a partial or wider file.
 */
export function writeSecretFile(file: string, secret: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${secret}\n`, { mode: 0o600, flag: 'w' });
    chmodSync(temporary, 0o600); // in case the file existed with a wider mode
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}
