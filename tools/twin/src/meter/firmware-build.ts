import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '@energy/stack';

export const UNO_HEX = join(REPO_ROOT, 'firmware-arduino', 'build', 'energy_meter.hex');
export const ESP32_HOST_BINARY = join(REPO_ROOT, 'firmware-esp32', 'build', 'host', 'energy_bridge');

/** `make -C dir target`, quiet unless it fails (make itself skips what is up to date). */
export function make(dir: string, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('make', ['--no-print-directory', '-C', join(REPO_ROOT, dir), target], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`make -C ${dir} ${target} failed (exit ${code}):\n${output.slice(-4_000)}`))));
  });
}

/** The UNO HEX (avr8js runs it) and the host-built ESP32 sketch, built or brought up to date. */
export async function buildFirmware(needUnoHex: boolean): Promise<void> {
  if (needUnoHex) await make('firmware-arduino', 'hex');
  await make('firmware-esp32', 'host');
}
