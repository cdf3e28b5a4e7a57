import { median } from 'simple-statistics';
import { hourlyEnergy, hourlyMinimumW } from '../series/hourly-energy';
import type { LocalCalendar } from '../series/local-calendar';
import { cloneMinuteSeries, MINUTE_MS, type MinuteSeries } from '../series/minute-series';
import { DEFAULT_BASE_LOAD_OPTIONS, detectBaseLoadRise, nightlyBaseLoad, type BaseLoadOptions, type NightBaseLoad } from './base-load-detector';
import { FindingKind, overlaps, type Finding } from './finding';
import { DEFAULT_LONG_RUNNING_OPTIONS, detectLongRunning, type LongRunningOptions } from './long-running-detector';
import { DEFAULT_READING_QUALITY_OPTIONS, detectFlatReadings, detectImplausibleReadings, type ReadingQualityOptions } from './reading-quality-detector';
import { DEFAULT_USAGE_OPTIONS, detectUsage, type UsageDetectorOptions } from './usage-detector';

export interface DetectorOptions {
  usage: UsageDetectorOptions;
  baseLoad: BaseLoadOptions;
  longRunning: LongRunningOptions;
  quality: ReadingQualityOptions;
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  usage: DEFAULT_USAGE_OPTIONS,
  baseLoad: DEFAULT_BASE_LOAD_OPTIONS,
  longRunning: DEFAULT_LONG_RUNNING_OPTIONS,
  quality: DEFAULT_READING_QUALITY_OPTIONS,
};

/**
 * Every detector over one device's minutes, then one explanation per period, the most specific:
 * - readings that are stuck or implausible make any consumption finding over them meaningless;
 * - a load on through fewer nights than a base-load rise needs is a long run, not a new base load;
 *   one on through more, or a rise that holds enough nights besides, is the base-load rise;
 * - where high consumption and a long run overlap, the longer of the two is the episode.
 */
export function detectFindings(minutes: MinuteSeries, calendar: LocalCalendar, options: DetectorOptions = DEFAULT_DETECTOR_OPTIONS): Finding[] {
  const quality = [...detectFlatReadings(minutes, calendar, options.quality), ...detectImplausibleReadings(minutes, calendar, options.quality)];
  // Readings found stuck or implausible are unknown from here on: never consumption, never history.
  const trusted = withoutSpans(minutes, quality);
  const hours = hourlyEnergy(trusted);
  const nights = nightlyBaseLoad(hourlyMinimumW(trusted), calendar, options.baseLoad);
  const baseLoadW = nights.length > 0 ? median(nights.map((n) => n.baseW)) : 0;
  const clean = (findings: Finding[]) => findings.filter((f) => !quality.some((q) => overlaps(q, f)));
  let baseLoad = clean(detectBaseLoadRise(nights, calendar, options.baseLoad));
  let longRunning = clean(detectLongRunning(trusted, baseLoadW, calendar, options.longRunning));
  const usage = clean(detectUsage(hours, calendar, options.usage));

  // A base-load rise stands when it has enough nights outside any long run that holds fewer nights
  // than a rise needs: otherwise that one long run is the whole story.
  const shortRuns = longRunning.filter((l) => nightsWithin(nights, l) < options.baseLoad.nightsInARow);
  baseLoad = baseLoad.filter((b) => nights.filter((n) => n.startMs >= b.startMs && n.endMs <= b.endMs && !shortRuns.some((l) => n.startMs >= l.startMs && n.endMs <= l.endMs)).length >= options.baseLoad.nightsInARow);
  longRunning = longRunning.filter((l) => !baseLoad.some((b) => overlaps(b, l)));
  const duration = (f: Finding) => f.endMs - f.startMs;
  const high = usage.filter((u) => u.kind === FindingKind.unusuallyHigh && !baseLoad.some((b) => overlaps(b, u)));
  longRunning = longRunning.filter((l) => !high.some((h) => overlaps(h, l) && duration(h) > duration(l)));
  const keptUsage = usage.filter((u) => u.kind !== FindingKind.unusuallyHigh || (high.includes(u) && !longRunning.some((l) => overlaps(l, u))));
  return [...quality, ...baseLoad, ...longRunning, ...keptUsage].sort((a, b) => a.startMs - b.startMs || a.kind.localeCompare(b.kind));
}

function nightsWithin(nights: readonly NightBaseLoad[], span: Finding): number {
  return nights.filter((n) => n.startMs >= span.startMs && n.endMs <= span.endMs).length;
}

/** A copy with the minutes inside `spans` set unknown. */
function withoutSpans(minutes: MinuteSeries, spans: readonly Finding[]): MinuteSeries {
  if (spans.length === 0) return minutes;
  const copy = cloneMinuteSeries(minutes);
  for (const span of spans) {
    const from = Math.max(0, Math.floor((span.startMs - minutes.startMs) / MINUTE_MS));
    const to = Math.min(copy.powerW.length, Math.ceil((span.endMs - minutes.startMs) / MINUTE_MS));
    copy.powerW.fill(Number.NaN, from, to);
    copy.voltageV.fill(Number.NaN, from, to);
    copy.currentA.fill(Number.NaN, from, to);
  }
  return copy;
}
