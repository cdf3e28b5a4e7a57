/** One value a minute; a missing minute is NaN, never zero (missing data is not "no consumption"). */
export interface MinuteSeries {
  /** UTC ms of the first minute. */
  startMs: number;
  powerW: Float64Array;
  voltageV: Float64Array;
  currentA: Float64Array;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export class DatasetFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetFormatError';
  }
}

const HEADER = 'ts_utc_ms,power_w,voltage_v,current_a';

/**
 * Parses the dataset format: `ts_utc_ms,power_w,voltage_v,current_a`, one row a minute, empty fields
 * for a missing minute. Rows may come in any order and minutes may be absent altogether: each value
 * lands in its own minute slot and every slot without a value stays NaN.
 */
export function parseMinuteCsv(text: string): MinuteSeries {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== HEADER) throw new DatasetFormatError(`the first line must be "${HEADER}", found "${(lines[0] ?? '').slice(0, 80)}"`);
  const rows: Array<[minute: number, power: number, voltage: number, current: number]> = [];
  let first = Infinity;
  let last = -Infinity;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const [ts, power, voltage, current] = line.split(',');
    const tsMs = Number(ts);
    if (!Number.isFinite(tsMs) || ts === '') throw new DatasetFormatError(`line ${i + 1}: ts_utc_ms "${ts}" is not a number`);
    const minute = Math.round(tsMs / MINUTE_MS);
    rows.push([minute, field(power), field(voltage), field(current)]);
    first = Math.min(first, minute);
    last = Math.max(last, minute);
  }
  if (rows.length === 0) throw new DatasetFormatError('the file holds no rows');
  const length = last - first + 1;
  const series: MinuteSeries = {
    startMs: first * MINUTE_MS,
    powerW: new Float64Array(length).fill(Number.NaN),
    voltageV: new Float64Array(length).fill(Number.NaN),
    currentA: new Float64Array(length).fill(Number.NaN),
  };
  for (const [minute, power, voltage, current] of rows) {
    const at = minute - first;
    series.powerW[at] = power;
    series.voltageV[at] = voltage;
    series.currentA[at] = current;
  }
  return series;
}

function field(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return Number.NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : Number.NaN;
}

/** A copy, so an experiment (e.g. injected anomalies) never changes the caller's data. */
export function cloneMinuteSeries(series: MinuteSeries): MinuteSeries {
  return { startMs: series.startMs, powerW: series.powerW.slice(), voltageV: series.voltageV.slice(), currentA: series.currentA.slice() };
}
