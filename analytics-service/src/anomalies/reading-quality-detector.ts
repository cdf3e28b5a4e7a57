import { median } from 'simple-statistics';
import { MINUTE_MS, type MinuteSeries } from '../series/minute-series';
import type { LocalCalendar } from '../series/local-calendar';
import { FindingKind, type Finding } from './finding';
import { formatMinutes } from './long-running-detector';

export interface ReadingQualityOptions {
  /** Flat: the same power, voltage and current for at least this long (minutes) … */
  flatMinMinutes: number;
  /** … and this many times the longest such run the device has shown before. */
  flatFactor: number;
  /** Implausible: a voltage outside this share of the device's median voltage … */
  voltageBand: [low: number, high: number];
  /** … or active power above volts × amps by more than the amps' rounding and this share. */
  powerOverApparentTolerance: number;
  /** Implausible minutes closer than this (minutes) are one finding; a finding needs this many. */
  implausibleMergeMinutes: number;
  implausibleMinMinutes: number;
}

export const DEFAULT_READING_QUALITY_OPTIONS: ReadingQualityOptions = {
  flatMinMinutes: 30,
  flatFactor: 3,
  voltageBand: [0.6, 1.4],
  powerOverApparentTolerance: 0.05,
  implausibleMergeMinutes: 10,
  implausibleMinMinutes: 5,
};

/**
 * A stuck sensor repeats the very same reading; a real meter's voltage alone moves every minute.
 * Runs of identical (power, voltage, current) far longer than the device has ever shown are flagged.
 */
export function detectFlatReadings(minutes: MinuteSeries, calendar: LocalCalendar, options = DEFAULT_READING_QUALITY_OPTIONS): Finding[] {
  const { powerW: p, voltageV: v, currentA: c } = minutes;
  const findings: Finding[] = [];
  let longestBefore = 0;
  let start = 0;
  const finish = (end: number) => {
    const length = end - start;
    if (length >= options.flatMinMinutes && length > options.flatFactor * longestBefore) {
      const startMs = minutes.startMs + start * MINUTE_MS;
      findings.push({
        kind: FindingKind.flatReadings,
        startMs,
        endMs: minutes.startMs + end * MINUTE_MS,
        sentence: `The same reading (${round(p[start]!, 1)} W, ${round(v[start]!, 1)} V, ${round(c[start]!, 3)} A) for ${formatMinutes(length)} from ${calendar.shortTime(startMs)}; a working meter's values move every minute. Is the sensor stuck?`,
        observed: length,
        usual: longestBefore,
        unit: 'min',
      });
    } else longestBefore = Math.max(longestBefore, length);
  };
  for (let i = 1; i <= p.length; i++) {
    const same = i < p.length && !Number.isNaN(p[i]!) && p[i] === p[i - 1] && v[i] === v[i - 1] && c[i] === c[i - 1];
    if (same) continue;
    finish(i);
    start = i;
  }
  return findings;
}

/**
 * Readings that cannot be right: negative power or current, a voltage no mains supply has while the
 * meter runs, or active power above volts × amps (beyond the rounding of the amps). Minutes a few
 * apart are one finding; a lone odd minute is not reported.
 */
export function detectImplausibleReadings(minutes: MinuteSeries, calendar: LocalCalendar, options = DEFAULT_READING_QUALITY_OPTIONS): Finding[] {
  const { powerW: p, voltageV: v, currentA: c } = minutes;
  const voltages = Array.from(v).filter((x) => !Number.isNaN(x) && x > 0);
  if (voltages.length === 0) return [];
  const nominalV = median(voltages);
  const ampsStep = roundingStep(c);
  const reasons: Array<string | null> = Array.from(p, (power, i) => implausibility(power, v[i]!, c[i]!, nominalV, ampsStep, options));
  const findings: Finding[] = [];
  let i = 0;
  while (i < reasons.length) {
    if (!reasons[i]) {
      i++;
      continue;
    }
    const start = i;
    let last = i;
    let count = 0;
    const why = new Map<string, number>();
    for (let j = i; j < reasons.length && j - last <= options.implausibleMergeMinutes; j++) {
      const reason = reasons[j];
      if (!reason) continue;
      last = j;
      count++;
      why.set(reason, (why.get(reason) ?? 0) + 1);
    }
    i = last + 1;
    if (count < options.implausibleMinMinutes) continue;
    const startMs = minutes.startMs + start * MINUTE_MS;
    const main = [...why.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    findings.push({
      kind: FindingKind.implausibleReadings,
      startMs,
      endMs: minutes.startMs + (last + 1) * MINUTE_MS,
      sentence: `${count} implausible minutes from ${calendar.shortTime(startMs)}: ${main}. Check the meter's wiring and calibration.`,
      observed: count,
      usual: 0,
      unit: 'min',
    });
  }
  return findings;
}

function implausibility(power: number, volts: number, amps: number, nominalV: number, ampsStep: number, options: ReadingQualityOptions): string | null {
  if (Number.isNaN(power) || Number.isNaN(volts) || Number.isNaN(amps)) return null;
  if (power < 0 || amps < 0) return 'negative power or current';
  if (volts < options.voltageBand[0] * nominalV || volts > options.voltageBand[1] * nominalV) return `voltage ${Math.round(volts)} V, the mains here is about ${Math.round(nominalV)} V`;
  if (power > volts * (amps + ampsStep) * (1 + options.powerOverApparentTolerance)) return 'active power above volts × amps';
  return null;
}

/**
 * The current's resolution: the coarsest grid (1 A … 0.001 A) that at least 90 % of the values sit
 * on (0.2 A in the dev file). A meter that sends unrounded floats gets the finest, so no slack.
 */
export function roundingStep(values: Float64Array): number {
  const known = Array.from(values).filter((x) => !Number.isNaN(x));
  if (known.length === 0) return 0;
  for (const step of [1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001]) {
    const onGrid = known.filter((x) => Math.abs(x / step - Math.round(x / step)) < 1e-6).length;
    if (onGrid >= 0.9 * known.length) return step;
  }
  return 0;
}

/** A reading as a person reads it: a rollup's average has 15 digits, the meter far fewer. */
const round = (value: number, digits: number) => Number(value.toFixed(digits));
