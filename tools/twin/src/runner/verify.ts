import type { AlertRuleInput } from '@energy/contracts';
import { compareBuckets, mergeComparisons, type BucketComparison, type Tolerance } from '../compare/bucket-comparison';
import { checkReadings, type AckSeen, type PublishedReading, type StoredReading } from '../compare/readings-check';
import type { ScenarioResult } from '../report/scenario-result';
import type { MeterModel } from '../scenario';
import type { StoredAlert } from '../system/stored-data';
import { EnergyBuckets } from '../truth/energy-buckets';
import { expectedPowerAlerts } from '../truth/expected-alerts';
import { formatAccuracy, meterAccuracy } from '../truth/meter-accuracy';
import type { DeviceTwin } from './device-twin';

/** What the checks need of a device: its id, its ledger and its load profile. */
export type VerifiedDevice = Pick<DeviceTwin, 'id' | 'ledger' | 'profile'>;

/** Stored energy of one device as one source shows it. */
export interface StoredEnergy {
  /** Keyed by the hour's ISO start. */
  hours: Map<string, number>;
  /** Keyed by the site-local date. */
  days: Map<string, number>;
}

export interface VerifyInput {
  scenario: string;
  meter: MeterModel;
  devices: VerifiedDevice[];
  rule: AlertRuleInput | null;
  timeZone: string;
  virtualMs: number;
  wallMs: number;
  readings: StoredReading[];
  /** Per device: from the rollup tables, and from GET /api/v1/energy. */
  database: Map<string, StoredEnergy>;
  api: Map<string, StoredEnergy>;
  alerts: StoredAlert[];
  published: PublishedReading[];
  acks: AckSeen[];
  /** Crashes, refused payloads, timeouts: anything that fails the run by itself. */
  problems: string[];
  notes: string[];
}

/** Stored vs measured: 0.01 %, or the 1 mWh the API and the meter's 3 decimals resolve. */
export const MEASURED_TOLERANCE: Tolerance = { relative: 1e-4, absoluteWh: 0.0015, significantWh: 1 };
/** Stored vs the waveforms' physical truth: 1 % per day with default calibration. */
export const PHYSICAL_TOLERANCE: Tolerance = { relative: 0.01, absoluteWh: 0.05, significantWh: 5 };

const isoHours = (hours: Map<number, number>) => new Map([...hours].map(([ms, wh]) => [new Date(ms).toISOString(), wh]));

/**
 * The physical energy per bucket over the spans the meter's energy is owed (each UNO boot up to its
 * last received line): the partial seconds before a cut, which no line reports, are listed apart.
 */
export function physicalBuckets(device: VerifiedDevice, timeZone: string): EnergyBuckets {
  const buckets = new EnergyBuckets(timeZone);
  for (const span of device.ledger.owedSpans) buckets.addCurve(span.fromMs, span.toMs, (a, b) => device.profile.truthBetween(a, b).energyWh);
  return buckets;
}

/** Names a shortfall that is exactly the energy of the device's first received line (booked by no interval). */
function explainShortfall(d: VerifiedDevice, missingWh: number): string {
  const first = d.ledger.receivedLines[0];
  if (!first || Math.abs(missingWh - first.energyWh) > 0.0015) return '';
  return ` (short by exactly the first line's ${first.energyWh.toFixed(3)} Wh: the energy the meter measured before the device's first reading is booked to no interval)`;
}

/** Every check of the targets, as one row of the table. */
export function verify(input: VerifyInput): ScenarioResult {
  const notes = [...input.notes];
  const reasons = [...input.problems];
  const expected = input.devices.flatMap((d) => d.ledger.receivedLines.map((l) => ({ deviceId: d.id, tsMs: l.atMs, meterBoot: l.boot, meterWh: l.energyWh })));
  const readings = checkReadings(expected, input.readings, input.published, input.acks);
  notes.push(...readings.details);
  if (readings.lost > 0) reasons.push(`${readings.lost} readings lost (${readings.details.find((d) => d.startsWith('lost')) ?? ''})`);
  if (readings.duplicated + readings.extra > 0) reasons.push(`${readings.duplicated} readings stored twice, ${readings.extra} rows matching no line`);
  if (readings.ackedNotStored > 0) reasons.push(`${readings.ackedNotStored} readings acked but not stored`);
  if (readings.seqReused > 0) reasons.push(`${readings.seqReused} seqs published for two different readings`);

  const hour: BucketComparison[] = [];
  const day: BucketComparison[] = [];
  const physical: BucketComparison[] = [];
  for (const d of input.devices) {
    const measured = d.ledger.measured;
    for (const [source, stored] of [
      ['database', input.database.get(d.id)],
      ['API', input.api.get(d.id)],
    ] as const) {
      if (!stored) {
        notes.push(`no ${source} energy for ${d.id}`);
        continue;
      }
      const h = compareBuckets(d.id, isoHours(measured.hours), stored.hours, MEASURED_TOLERANCE);
      const dd = compareBuckets(d.id, measured.days, stored.days, MEASURED_TOLERANCE);
      for (const f of [...h.failures, ...dd.failures].slice(0, 6)) notes.push(`${source} ${f.deviceId} ${f.bucket}: stored ${f.storedWh.toFixed(4)} Wh, meter measured ${f.truthWh.toFixed(4)} Wh${explainShortfall(d, f.truthWh - f.storedWh)}`);
      hour.push(h);
      day.push(dd);
    }
    const p = compareBuckets(d.id, physicalBuckets(d, input.timeZone).days, input.database.get(d.id)?.days ?? new Map(), PHYSICAL_TOLERANCE);
    for (const f of p.failures) notes.push(`physical ${f.deviceId} ${f.bucket}: stored ${f.storedWh.toFixed(3)} Wh, waveforms ${f.truthWh.toFixed(3)} Wh (${f.errorPct?.toFixed(3)} %)`);
    physical.push(p);
    const unreported = d.ledger.unreported.reduce((sum, u) => sum + (u.wh ?? d.profile.truthBetween(u.fromMs, u.toMs).energyWh), 0);
    if (d.ledger.beforeHistoryWh > 0) notes.push(`${d.id}: ${d.ledger.beforeHistoryWh.toFixed(3)} Wh measured before its first reading, where its stored history starts (listed, not owed)`);
    if (unreported > 0) notes.push(`${d.id}: ${unreported.toFixed(3)} Wh measured after the last line before a cut or reset, never reported (listed, not counted)`);
  }
  const hours = mergeComparisons(hour);
  const days = mergeComparisons(day);
  const phys = mergeComparisons(physical);
  const energyFailures = [...hours.failures, ...days.failures];
  if (energyFailures.length > 0) {
    const byId = new Map(input.devices.map((d) => [d.id, d]));
    const firstLineOnly = energyFailures.every((f) => explainShortfall(byId.get(f.deviceId)!, f.truthWh - f.storedWh) !== '');
    const firstWh = input.devices.map((d) => d.ledger.receivedLines[0]?.energyWh ?? 0);
    if (firstLineOnly) {
      reasons.push(
        `stored kWh short by exactly each device's first line (${Math.min(...firstWh).toFixed(3)}-${Math.max(...firstWh).toFixed(3)} Wh) in its first hour and day: the energy the meter measured before a device's first reading is booked to no interval`,
      );
    } else {
      const worst = energyFailures.reduce((a, b) => (Math.abs(b.storedWh - b.truthWh) > Math.abs(a.storedWh - a.truthWh) ? b : a));
      reasons.push(`${energyFailures.length} hour or day totals off the meters by more than 0.01 % (worst ${worst.deviceId} ${worst.bucket}: stored ${worst.storedWh.toFixed(4)} Wh, measured ${worst.truthWh.toFixed(4)} Wh)`);
    }
  }
  if (phys.failures.length > 0) {
    const worst = phys.failures.reduce((a, b) => ((b.errorPct ?? 0) > (a.errorPct ?? 0) ? b : a));
    reasons.push(`${phys.failures.length} day${phys.failures.length === 1 ? '' : 's'} off the waveforms by more than 1 % (worst ${worst.deviceId} ${worst.bucket}: ${worst.errorPct?.toFixed(3)} %)`);
  }

  const accuracy = input.devices.flatMap((d) => meterAccuracy(d.ledger.receivedLines, d.profile, d.ledger.boots).map((a) => `${d.id} ${formatAccuracy(a)}`));

  let alertsExpected = 0;
  let alertsFired = 0;
  let alertsMatch = true;
  for (const d of input.devices) {
    const expectedHere = input.rule ? expectedPowerAlerts(d.ledger.receivedLines.map((l) => ({ atMs: l.atMs, powerW: l.powerW })), input.rule) : 0;
    const firedHere = input.alerts.filter((a) => a.deviceId === d.id).length;
    alertsExpected += expectedHere;
    alertsFired += firedHere;
    if (expectedHere !== firedHere) {
      alertsMatch = false;
      reasons.push(`alerts for ${d.id}: ${firedHere} fired, ${expectedHere} expected`);
    }
  }

  const pass =
    input.problems.length === 0 &&
    readings.lost === 0 &&
    readings.duplicated === 0 &&
    readings.extra === 0 &&
    readings.ackedNotStored === 0 &&
    readings.seqReused === 0 &&
    hours.failures.length === 0 &&
    days.failures.length === 0 &&
    phys.failures.length === 0 &&
    alertsMatch &&
    expected.length > 0;
  if (expected.length === 0) reasons.push('no line reached an ESP32: nothing was tested');
  return {
    scenario: input.scenario,
    meter: input.meter,
    devices: input.devices.length,
    virtualMs: input.virtualMs,
    wallMs: input.wallMs,
    readings: readings.readings,
    lost: readings.lost,
    duplicated: readings.duplicated + readings.extra,
    ackedNotStored: readings.ackedNotStored,
    maxHourErrorPct: hours.failures.length ? Math.max(hours.maxErrorPct, ...hours.failures.map((f) => f.errorPct ?? Infinity)) : hours.maxErrorPct,
    maxDayErrorPct: days.failures.length ? Math.max(days.maxErrorPct, ...days.failures.map((f) => f.errorPct ?? Infinity)) : days.maxErrorPct,
    physicalErrorPct: phys.maxErrorPct,
    alertsFired,
    alertsExpected,
    pass,
    reasons,
    notes,
    accuracy,
  };
}
