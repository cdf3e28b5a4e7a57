import { createHash } from 'node:crypto';
import type { NewReading } from '@energy/db';

/** What makes two readings with one seq the same reading: the device's time and every measured value. */
export type ReadingIdentity = Pick<NewReading, 'tsMs' | 'tsSource' | 'voltageV' | 'currentA' | 'powerW' | 'apparentPowerVa' | 'powerFactor' | 'energyCounterWh' | 'meterBoot' | 'meterWh'>;

/** Compared fields, named as in the payload. */
const FIELDS: ReadonlyArray<[name: string, value: (r: ReadingIdentity) => number | null]> = [
  ['Voltage', (r) => r.voltageV],
  ['Current', (r) => r.currentA],
  ['power_w', (r) => r.powerW],
  ['apparent_power_va', (r) => r.apparentPowerVa],
  ['power_factor', (r) => r.powerFactor],
  ['energy_wh', (r) => r.energyCounterWh],
  ['meter_boot', (r) => r.meterBoot ?? null],
  ['meter_wh', (r) => r.meterWh ?? null],
];

/**
 * The payload fields in which two readings differ. Times are compared only when both came from the
 * device's clock: a reading without one is stamped on arrival, so each re-send of it has another time.
 */
export function differingFields(a: ReadingIdentity, b: ReadingIdentity): string[] {
  const out: string[] = [];
  if (a.tsSource === 'device' && b.tsSource === 'device' && a.tsMs !== b.tsMs) out.push('ts');
  for (const [name, value] of FIELDS) if (value(a) !== value(b)) out.push(name);
  return out;
}

/** A stable digest of a reading's identity (its device time only when it has one), for the quarantine's unique key. */
export function fingerprint(r: ReadingIdentity): string {
  const values = [r.tsSource === 'device' ? r.tsMs : null, ...FIELDS.map(([, value]) => value(r))];
  return createHash('sha256').update(JSON.stringify(values)).digest('hex');
}
