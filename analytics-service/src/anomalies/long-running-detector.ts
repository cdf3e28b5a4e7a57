import { median } from 'simple-statistics';
import { MINUTE_MS, type MinuteSeries } from '../series/minute-series';
import type { LocalCalendar } from '../series/local-calendar';
import { FindingKind, type Finding } from './finding';

export interface LongRunningOptions {
  /** A run is judged only with at least this much history before it (days). */
  minHistoryDays: number;
  /** History kept for "the longest before" (days). */
  historyDays: number;
  /** Flag a run once it is this many times the longest run at its level before … */
  factor: number;
  /** … and at least this long (minutes); only levels the device has held at least this long before are judged. */
  minMinutes: number;
  /** Levels above the base load: half-octaves from this share of the median power up to the highest power. */
  lowestStepShare: number;
}

export const DEFAULT_LONG_RUNNING_OPTIONS: LongRunningOptions = { minHistoryDays: 28, historyDays: 56, factor: 2, minMinutes: 120, lowestStepShare: 0.25 };

/**
 * A load that stays on far longer than any load of its size has. For a ladder of power levels above
 * the always-on load, the runs of consecutive minutes at or above each level are measured; a run
 * more than `factor` times the longest one at that level in the history before it (which must be
 * at least `minMinutes`) is a finding
 * (one finding per episode: the longest qualifying run). An unknown minute ends a run: missing data never
 * makes one longer.
 */
export function detectLongRunning(minutes: MinuteSeries, baseLoadW: number, calendar: LocalCalendar, options = DEFAULT_LONG_RUNNING_OPTIONS): Finding[] {
  const power = minutes.powerW;
  const known = Array.from(power).filter((p) => !Number.isNaN(p));
  if (known.length === 0) return [];
  const step0 = Math.max(1, options.lowestStepShare * median(known));
  const maxW = known.reduce((m, p) => Math.max(m, p), 0);
  const found: LevelFinding[] = [];
  for (let step = step0; baseLoadW + step < maxW; step *= Math.SQRT2) {
    found.push(...runsAbove(minutes, baseLoadW + step, calendar, options));
  }
  return keepLongestRun(found);
}

interface LevelFinding {
  levelW: number;
  finding: Finding;
}

function runsAbove(minutes: MinuteSeries, levelW: number, calendar: LocalCalendar, options: LongRunningOptions): LevelFinding[] {
  const power = minutes.powerW;
  const minHistory = (options.minHistoryDays * 24 * 60) | 0;
  const historyMinutes = (options.historyDays * 24 * 60) | 0;
  // Runs that ended, as [start, length], to find the longest one within the history window.
  const ended: Array<[start: number, length: number]> = [];
  const findings: LevelFinding[] = [];
  let start = -1;
  const finish = (end: number) => {
    if (start < 0) return;
    const length = end - start;
    if (start >= minHistory) {
      let longest = 0;
      for (const [s, l] of ended) if (s >= start - historyMinutes && l > longest) longest = l;
      // A level never held for minMinutes before is not a load "running longer than before": whether
      // hours at such a level are unusual is the high-consumption check's matter.
      if (length >= options.minMinutes && longest >= options.minMinutes && length > options.factor * longest) {
        const startMs = minutes.startMs + start * MINUTE_MS;
        const finding: Finding = {
          kind: FindingKind.longRunning,
          startMs,
          endMs: minutes.startMs + end * MINUTE_MS,
          sentence: `Above ${formatWatts(levelW)} for ${formatMinutes(length)} from ${calendar.shortTime(startMs)}; the longest before was ${formatMinutes(longest)}.`,
          observed: length,
          usual: longest,
          unit: 'min',
        };
        findings.push({ levelW, finding });
      }
    }
    ended.push([start, length]);
    start = -1;
  };
  for (let i = 0; i < power.length; i++) {
    const p = power[i]!;
    if (!Number.isNaN(p) && p >= levelW) {
      if (start < 0) start = i;
    } else finish(i);
  }
  finish(power.length);
  return findings;
}

/**
 * One finding per episode: where runs at several levels overlap, the longest stays (it is the
 * episode; a higher level inside it is a moment of it), the higher level on a tie.
 */
function keepLongestRun(found: LevelFinding[]): Finding[] {
  const kept: LevelFinding[] = [];
  const duration = (f: LevelFinding) => f.finding.endMs - f.finding.startMs;
  for (const f of found.sort((a, b) => duration(b) - duration(a) || b.levelW - a.levelW)) {
    if (!kept.some((k) => k.finding.startMs < f.finding.endMs && f.finding.startMs < k.finding.endMs)) kept.push(f);
  }
  return kept.map((k) => k.finding).sort((a, b) => a.startMs - b.startMs);
}

export const formatWatts = (w: number): string => (w >= 1000 ? `${(w / 1000).toFixed(1)} kW` : `${Math.round(w)} W`);

export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}
