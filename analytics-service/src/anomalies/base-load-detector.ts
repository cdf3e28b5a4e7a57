import { HOUR_MS } from '../series/minute-series';
import type { LocalCalendar } from '../series/local-calendar';
import { FindingKind, type Finding } from './finding';
import { robustSummary } from './robust-spread';

export interface BaseLoadOptions {
  /** Local hours that make the night, [from, to). */
  nightFromHour: number;
  nightToHour: number;
  /** The reference: this many previous nights. */
  referenceNights: number;
  minReferenceNights: number;
  /** A night departs when its base load is this many robust spreads above the references' median … */
  spreads: number;
  /** … and at least this share above it. */
  minRise: number;
  /** A rise is reported once this many nights in a row depart (one odd night is a one-off, not a new load). */
  nightsInARow: number;
}

export const DEFAULT_BASE_LOAD_OPTIONS: BaseLoadOptions = {
  nightFromHour: 0,
  nightToHour: 5,
  referenceNights: 14,
  minReferenceNights: 7,
  spreads: 4,
  minRise: 0.5,
  nightsInARow: 3,
};

export interface NightBaseLoad {
  date: string;
  /** UTC ms of the night's first and last hour. */
  startMs: number;
  endMs: number;
  baseW: number;
}

/**
 * The always-on load of each night: the median over the night's hours of each hour's lowest power
 * (the fridge cycles, standby stays). Nights with fewer than 3 known hours are left out.
 */
export function nightlyBaseLoad(hourlyMin: { startMs: number; minW: Float64Array }, calendar: LocalCalendar, options = DEFAULT_BASE_LOAD_OPTIONS): NightBaseLoad[] {
  const byDate = new Map<string, { values: number[]; startMs: number; endMs: number }>();
  for (let h = 0; h < hourlyMin.minW.length; h++) {
    const ms = hourlyMin.startMs + h * HOUR_MS;
    const local = calendar.at(ms);
    if (local.hour < options.nightFromHour || local.hour >= options.nightToHour) continue;
    const night = byDate.get(local.date) ?? { values: [], startMs: ms, endMs: ms + HOUR_MS };
    night.endMs = ms + HOUR_MS;
    const v = hourlyMin.minW[h]!;
    if (!Number.isNaN(v)) night.values.push(v);
    byDate.set(local.date, night);
  }
  return [...byDate.entries()]
    .filter(([, night]) => night.values.length >= 3)
    .map(([date, night]) => ({ date, startMs: night.startMs, endMs: night.endMs, baseW: robustSummary(night.values).median }));
}

/** A rise of the night-time minimum that holds `nightsInARow` nights in a row, against the nights before. */
export function detectBaseLoadRise(nights: readonly NightBaseLoad[], calendar: LocalCalendar, options = DEFAULT_BASE_LOAD_OPTIONS): Finding[] {
  const findings: Finding[] = [];
  let run: Array<{ night: NightBaseLoad; usualW: number }> = [];
  const close = () => {
    if (run.length >= options.nightsInARow) {
      const first = run[0]!;
      const last = run.at(-1)!;
      const observed = robustSummary(run.map((r) => r.night.baseW)).median;
      findings.push({
        kind: FindingKind.baseLoadRise,
        startMs: first.night.startMs,
        endMs: last.night.endMs,
        sentence: `Always-on load ${Math.round(observed)} W over ${run.length} nights from ${calendar.shortTime(first.night.startMs)}, usually ${Math.round(first.usualW)} W: something new stays on.`,
        observed: Math.round(observed),
        usual: Math.round(first.usualW),
        unit: 'W',
      });
    }
    run = [];
  };
  for (let i = 0; i < nights.length; i++) {
    // References: the nights before the current run started, so a lasting rise does not raise its own bar.
    const refEnd = i - run.length;
    const refs = nights.slice(Math.max(0, refEnd - options.referenceNights), refEnd).map((n) => n.baseW);
    if (refs.length < options.minReferenceNights) continue;
    const { median, spread } = robustSummary(refs);
    const night = nights[i]!;
    const consecutive = run.length === 0 || night.startMs - run.at(-1)!.night.startMs <= 36 * HOUR_MS;
    if (!consecutive) close();
    if (night.baseW > median + options.spreads * spread && night.baseW > median * (1 + options.minRise)) run.push({ night, usualW: median });
    else close();
    // After two weeks the new level is the house's normal: the finding ends and the bar moves up.
    if (run.length >= options.referenceNights) close();
  }
  close();
  return findings;
}
