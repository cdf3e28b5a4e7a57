// Reads the defaults of firmware-arduino/lib/power/calibration.h, so the sims' nominal sensors and
// the tests' expectations come from the same file the firmware is built with.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const HEADER = join(__dirname, '..', '..', 'lib', 'power', 'calibration.h');

/** The text after `#ifndef NAME / #define NAME`, e.g. "184.0f" or "(1000.0f / ACS712_MV_PER_A)". */
export function calibrationDefault(name: string): string {
  const m = readFileSync(HEADER, 'utf8').match(new RegExp(`#ifndef ${name}\\s+#define ${name} (.+)`));
  if (!m) throw new Error(`no default for ${name} in calibration.h`);
  return m[1].trim();
}

/** A numeric default ("107.5f" -> 107.5). */
export function calibrationNumber(name: string): number {
  const value = Number(calibrationDefault(name).replace(/f$/, ''));
  if (!Number.isFinite(value)) throw new Error(`${name} is not a plain number in calibration.h`);
  return value;
}
