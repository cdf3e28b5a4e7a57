import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '@energy/stack';

export const ESP32_HOST_BINARY = join(REPO_ROOT, 'firmware-esp32', 'build', 'host', 'energy_bridge');

/** `make -C firmware-esp32 host`: the real sketch built for this machine (make skips it when up to date). */
export function buildEsp32Host(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('make', ['--no-print-directory', '-C', join(REPO_ROOT, 'firmware-esp32'), 'host'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`make -C firmware-esp32 host failed (exit ${code}):\n${output.slice(-4_000)}`))));
  });
}
