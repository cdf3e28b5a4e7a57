// Builds what the sims run, through the firmware's own Makefile: the UNO HEX (default or a variant
// with other -D defines) and the host meter. make does nothing when they are up to date; flock
// keeps two processes (jest workers, the twin) from building into the same folder at once.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FIRMWARE_DIR = resolve(__dirname, '..', '..');

export interface HexVariant {
  /** Folder name under build/variants/; omit for the default build/energy_meter.hex. */
  name?: string;
  /** Extra -D flags, e.g. ['-DPHASE_CAL=1.7f', '-DCALIBRATION_MODE']. */
  defines?: string[];
}

/** Path of the UNO HEX for a variant, built (or brought up to date) first. */
export function buildHex(variant: HexVariant = {}): string {
  if (variant.defines?.length && !variant.name) throw new Error('a HEX with other defines needs its own variant name');
  if (variant.name && !/^[\w.-]+$/.test(variant.name)) throw new Error(`bad variant name ${variant.name}`);
  const avrBuild = variant.name ? join('build', 'variants', variant.name) : 'build';
  make(['hex', `AVR_BUILD=${avrBuild}`, `EXTRA_DEFINES=${(variant.defines ?? []).join(' ')}`]);
  return join(FIRMWARE_DIR, avrBuild, 'energy_meter.hex');
}

/** Path of build/host/meter_sim (the lib/ meter built for this machine), built first. */
export function buildHostMeter(): string {
  make(['host-meter']);
  return join(FIRMWARE_DIR, 'build', 'host', 'meter_sim');
}

function make(args: string[]): void {
  mkdirSync(join(FIRMWARE_DIR, 'build'), { recursive: true }); // build/ is ignored by git
  const run = spawnSync('flock', [join(FIRMWARE_DIR, 'build', '.make.lock'), 'make', '--no-print-directory', '-C', FIRMWARE_DIR, ...args], {
    encoding: 'utf8',
  });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`make ${args.join(' ')} failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
}
