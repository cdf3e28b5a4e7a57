import { HOUR_MS } from '../series/minute-series';
import type { HourlySeries } from '../series/hourly-energy';
import type { LocalCalendar } from '../series/local-calendar';
import { FindingKind, type Finding } from './finding';
import { robustSummary } from './robust-spread';

export interface UsageRule {
  kind: typeof FindingKind.unusuallyHigh | typeof FindingKind.unusuallyLow;
  /** Length of the sliding window (hours): a departure must last about this long. */
  windowHours: number;
}

export interface UsageDetectorOptions {
  rules: UsageRule[];
  /** References: the same window in each of this many previous weeks … */
  referenceWeeks: number;
  /** … shifted by up to this many hours either way (people do not keep the clock to the hour). */
  referenceShiftHours: number;
  /** At least this many references must be known. */
  minReferences: number;
  /** A window departs when it is this many robust spreads (1.4826 × MAD) from the references' median … */
  spreads: number;
  /** … and at least this many times the median (high) or at most 1 / this (low) … */
  ratio: number;
  /** … and beyond every reference (higher or lower than this time of week has been in all those weeks) … */
  beyondAllReferences: boolean;
  /**
   * … and, for high, above the median by at least this many of the device's typical hours (its median
   * hourly energy over the reference weeks) per window hour: small in absolute terms is not worth a message.
   */
  minExcessTypicalHours: number;
  /** The verdict must also hold with any one reference week left out. */
  leaveOneWeekOut: boolean;
}

export const DEFAULT_USAGE_OPTIONS: UsageDetectorOptions = {
  rules: [
    { kind: FindingKind.unusuallyHigh, windowHours: 3 },
    { kind: FindingKind.unusuallyLow, windowHours: 24 },
  ],
  referenceWeeks: 6,
  referenceShiftHours: 1,
  minReferences: 8,
  spreads: 3.5,
  ratio: 2,
  beyondAllReferences: false,
  minExcessTypicalHours: 1.25,
  leaveOneWeekOut: true,
};

interface RuleState {
  rule: UsageRule;
  sums: Float64Array;
  open: { first: number; last: number } | null;
}

/**
 * Sustained consumption far above or below what is usual for the time of week. For each hour, the
 * energy of the window ending there is compared with the same window in recent weeks (median and
 * MAD, so one odd week among them changes nothing); flagged windows less than a window apart become
 * one finding. A window with an unknown hour is never judged: missing data is not consumption.
 * Hours found unusually low (an absence) are left out of later references: an empty house never
 * becomes what is usual. High hours stay in: what recurs does become usual.
 */
export function detectUsage(hours: HourlySeries, calendar: LocalCalendar, options = DEFAULT_USAGE_OPTIONS): Finding[] {
  const kwh = hours.kwh;
  const absent = new AbsentHours(kwh.length);
  const states: RuleState[] = options.rules.map((rule) => ({ rule, sums: windowSums(kwh, rule.windowHours), open: null }));
  const spans: Array<{ rule: UsageRule; first: number; last: number }> = [];
  const close = (state: RuleState) => {
    if (state.open) spans.push({ rule: state.rule, first: state.open.first - state.rule.windowHours + 1, last: state.open.last });
    state.open = null;
  };
  let typicalKwh = Number.NaN;
  for (let t = 0; t < kwh.length; t++) {
    if (t % 24 === 0) typicalKwh = typicalHour(kwh, absent, t, options.referenceWeeks);
    for (const state of states) {
      const { rule } = state;
      if (!departs(state.sums, t, rule, absent, options, typicalKwh * rule.windowHours)) continue;
      if (rule.kind === FindingKind.unusuallyLow) absent.mark(t - rule.windowHours + 1, t + 1);
      // The new window starts (t - L + 1) less than a window after the open one ends (last).
      if (state.open && t - rule.windowHours + 1 <= state.open.last + rule.windowHours) state.open.last = t;
      else {
        close(state);
        state.open = { first: t, last: t };
      }
    }
  }
  states.forEach(close);
  // Windows of several lengths may flag one episode: overlapping spans of one kind become one finding.
  const merged: typeof spans = [];
  for (const span of spans.sort((a, b) => a.rule.kind.localeCompare(b.rule.kind) || a.first - b.first)) {
    const last = merged.at(-1);
    if (last && last.rule.kind === span.rule.kind && span.first <= last.last + 1) last.last = Math.max(last.last, span.last);
    else merged.push({ ...span });
  }
  return merged.map((span) => describe(hours, calendar, span.rule, span.first, span.last, absent, options));
}

/** sums[t] = energy of the `length` hours ending at t (NaN if any is unknown). */
function windowSums(kwh: Float64Array, length: number): Float64Array {
  const sums = new Float64Array(kwh.length).fill(Number.NaN);
  for (let t = length - 1; t < kwh.length; t++) {
    let sum = 0;
    for (let i = t - length + 1; i <= t; i++) sum += kwh[i]!;
    sums[t] = sum;
  }
  return sums;
}

/** The same window (ending at t, `length` hours) in previous weeks, shifted a little, leaving out absences. */
function references(sums: Float64Array, t: number, length: number, absent: AbsentHours, options: UsageDetectorOptions): number[] {
  return referencesByWeek(sums, t, length, absent, options).flat();
}

function referencesByWeek(sums: Float64Array, t: number, length: number, absent: AbsentHours, options: UsageDetectorOptions): number[][] {
  const weeks: number[][] = [];
  for (let week = 1; week <= options.referenceWeeks; week++) {
    const values: number[] = [];
    for (let shift = -options.referenceShiftHours; shift <= options.referenceShiftHours; shift++) {
      const at = t - week * 168 + shift;
      if (at < 0 || Number.isNaN(sums[at]!) || absent.any(at - length + 1, at + 1)) continue;
      values.push(sums[at]!);
    }
    if (values.length > 0) weeks.push(values);
  }
  return weeks;
}

function departs(sums: Float64Array, t: number, rule: UsageRule, absent: AbsentHours, options: UsageDetectorOptions, typicalWindow: number): boolean {
  const observed = sums[t]!;
  if (Number.isNaN(observed)) return false;
  const byWeek = referencesByWeek(sums, t, rule.windowHours, absent, options);
  if (byWeek.flat().length < options.minReferences) return false;
  // The verdict must hold with every reference week and with any one of them left out, so that one
  // week more or less of history (an absence, a week that rolled out) cannot flip it.
  const sets = [byWeek.flat(), ...(options.leaveOneWeekOut ? byWeek.map((_, skip) => byWeek.filter((__, w) => w !== skip).flat()) : [])];
  return sets.every((refs) => refs.length >= options.minReferences - 3 && departsFrom(observed, refs, rule, options, typicalWindow));
}

function departsFrom(observed: number, refs: number[], rule: UsageRule, options: UsageDetectorOptions, typicalWindow: number): boolean {
  const { median, spread } = robustSummary(refs);
  if (rule.kind === FindingKind.unusuallyHigh) {
    return (
      observed > median + options.spreads * spread &&
      observed > options.ratio * median &&
      observed - median >= options.minExcessTypicalHours * typicalWindow &&
      (!options.beyondAllReferences || observed > Math.max(...refs))
    );
  }
  return observed < median - options.spreads * spread && observed < median / options.ratio && (!options.beyondAllReferences || observed < Math.min(...refs));
}

/** The median hourly energy over the `weeks` weeks before t, absences left out (NaN with less than a week known). */
function typicalHour(kwh: Float64Array, absent: AbsentHours, t: number, weeks: number): number {
  const known: number[] = [];
  for (let i = Math.max(0, t - weeks * 168); i < t; i++) if (!absent.any(i, i + 1) && !Number.isNaN(kwh[i]!)) known.push(kwh[i]!);
  return known.length >= 168 ? robustSummary(known).median : Number.NaN;
}

/** The finding for hours [first, last]: its energy against the same span in the reference weeks (median). */
function describe(hours: HourlySeries, calendar: LocalCalendar, rule: UsageRule, first: number, last: number, absent: AbsentHours, options: UsageDetectorOptions): Finding {
  const span = last - first + 1;
  const spanSums = windowSums(hours.kwh, span);
  const observed = spanSums[last]!;
  const refs = references(spanSums, last, span, absent, options);
  const usual = refs.length > 0 ? robustSummary(refs).median : usualHourByHour(hours.kwh, first, last, absent, options);
  const startMs = hours.startMs + first * HOUR_MS;
  const endMs = hours.startMs + (last + 1) * HOUR_MS;
  const when = span >= 24 ? `in ${formatDays(span)} from ${calendar.shortTime(startMs)}` : `in ${span} h from ${calendar.shortTime(startMs)}`;
  const usualWhen = span >= 24 ? 'for the same days of the week' : `on ${calendar.timeOfWeek(startMs + Math.floor(span / 2) * HOUR_MS)}`;
  return {
    kind: rule.kind,
    startMs,
    endMs,
    sentence: `${observed.toFixed(1)} kWh ${when}, usually ${usual.toFixed(1)} kWh ${usualWhen}.`,
    observed: round(observed),
    usual: round(usual),
    unit: 'kWh',
  };
}

/** For a span no whole reference covers (over a week, or crossed by earlier absences): the usual of each hour, added up. */
function usualHourByHour(kwh: Float64Array, first: number, last: number, absent: AbsentHours, options: UsageDetectorOptions): number {
  let total = 0;
  for (let t = first; t <= last; t++) {
    const refs: number[] = [];
    for (let week = 1; week <= options.referenceWeeks; week++) {
      const at = t - week * 168;
      if (at >= 0 && !absent.any(at, at + 1) && !Number.isNaN(kwh[at]!)) refs.push(kwh[at]!);
    }
    if (refs.length > 0) total += robustSummary(refs).median;
  }
  return total;
}

/** Hours found unusually low, with a running count so "any in this window?" costs two reads. */
class AbsentHours {
  private readonly flags: Uint8Array;
  /** count[i] = flagged hours before i. */
  private readonly count: Int32Array;

  constructor(length: number) {
    this.flags = new Uint8Array(length);
    this.count = new Int32Array(length + 1);
  }

  mark(from: number, to: number): void {
    let changed = false;
    for (let i = Math.max(0, from); i < to; i++) {
      if (this.flags[i]) continue;
      this.flags[i] = 1;
      changed = true;
    }
    if (!changed) return;
    for (let i = Math.max(0, from); i < this.flags.length; i++) this.count[i + 1] = this.count[i]! + this.flags[i]!;
  }

  any(from: number, to: number): boolean {
    return this.count[Math.min(to, this.flags.length)]! - this.count[Math.max(0, from)]! > 0;
  }
}

const formatDays = (hours: number) => (hours % 24 === 0 ? `${hours / 24} days` : `${(hours / 24).toFixed(1)} days`);
const round = (v: number) => Math.round(v * 1000) / 1000;
