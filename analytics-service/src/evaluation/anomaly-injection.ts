import { FindingKind, overlaps, type FindingKind as Kind } from '../anomalies/finding';
import { cloneMinuteSeries, HOUR_MS, MINUTE_MS, type MinuteSeries } from '../series/minute-series';
import { longestRunAbove, type HouseProfile } from './house-profile';
import { seededRandom } from '@energy/service-kit';

export interface InjectedEvent {
  kind: Kind;
  startMs: number;
  endMs: number;
  /** What was done, for the report: "+2.6 kW for 5 h". */
  what: string;
}

export interface Interval {
  startMs: number;
  endMs: number;
}

export interface InjectionPlan {
  /** Events per kind (fewer when they do not fit). */
  eventsPerKind: number;
  /** Events start after this much data, so every detector has history to compare with. */
  warmUpDays: number;
  /** Distance kept from periods the untouched data already flags. */
  gapHours: number;
}

export const DEFAULT_INJECTION_PLAN: InjectionPlan = { eventsPerKind: 20, warmUpDays: 28, gapHours: 48 };

const DAY_MS = 24 * HOUR_MS;
const uniform = (random: () => number, low: number, high: number) => low + (high - low) * random();

export interface PlannedInjection {
  event: InjectedEvent;
  /** A copy of the data with this one event in it. */
  apply(): MinuteSeries;
}

/**
 * Draws `eventsPerKind` labelled anomalies of one kind. Each event is drawn with the seeded random
 * generator: its start uniformly over the minutes after the warm-up, its size and length from the
 * ranges below (sized by this house's own profile). An event is redrawn when it would come within
 * `gapHours` of a period the untouched data already flags (`avoid`), or cover a missing minute:
 * missing data is never part of an anomaly. Each event goes into its own copy of the data, so one
 * event never becomes the history another is judged against (events of one kind may overlap in time).
 *
 * - unusually_high: extra activity for 3–8 h, 1.5–3 × the usual consumption of those hours of the
 *   week (median of the 6 weeks before) and at least 1.5 × the median power, shaped like the
 *   house's own: the consumption above the base load during the same hours 1–27 days earlier,
 *   scaled (at most 4 ×). A houseful of guests; a load simply left on is long_running.
 * - unusually_low: for 36–72 h, everything above the usual night-time power is switched off.
 * - base_load_rise: an extra always-on load of 1–2 × the base load for 4–6 days.
 * - long_running: an extra load of 1–2 × the median power, on for 2.5–4 × the longest run above
 *   (base + half that load) in the 8 weeks before, at least 3 h. Redrawn when that longest run is
 *   under 2 h (a load never run that long before is not "longer than ever") or the event would be
 *   over 40 h (longer spans several nights and is a base-load rise).
 * - flat_readings: power, voltage and current frozen at the first minute's values for 1–6 h.
 * - implausible_readings: for 15–120 min, either power reads 2–4 × too high (a calibration fault),
 *   or the voltage reads 10–50 % of nominal (a broken voltage sense), drawn half and half.
 */
export function planInjections(minutes: MinuteSeries, kind: Kind, seed: number, profile: HouseProfile, avoid: readonly Interval[], plan = DEFAULT_INJECTION_PLAN): PlannedInjection[] {
  const random = seededRandom(seed);
  const planned: PlannedInjection[] = [];
  const firstStart = minutes.startMs + plan.warmUpDays * DAY_MS;
  const endMs = minutes.startMs + minutes.powerW.length * MINUTE_MS;
  const gap = plan.gapHours * HOUR_MS;
  for (let attempt = 0; attempt < 1000 && planned.length < plan.eventsPerKind; attempt++) {
    const draft = draw(kind, random, profile, minutes);
    const startMs = Math.floor(uniform(random, firstStart, endMs - draft.maxDurationMs) / MINUTE_MS) * MINUTE_MS;
    if (startMs < firstStart) continue;
    const from = (startMs - minutes.startMs) / MINUTE_MS;
    const count = draft.minutes(from);
    if (count === null) continue;
    const span = { startMs, endMs: startMs + count * MINUTE_MS };
    const padded = { startMs: span.startMs - gap, endMs: span.endMs + gap };
    if (avoid.some((a) => overlaps(a, padded)) || hasMissing(minutes, span)) continue;
    planned.push({
      event: { kind, ...span, what: draft.what(count) },
      apply: () => {
        const copy = cloneMinuteSeries(minutes);
        draft.apply(copy, from, count);
        return copy;
      },
    });
  }
  return planned.sort((a, b) => a.event.startMs - b.event.startMs);
}

interface Draft {
  /** The longest the event can be (to draw a start that leaves room for it). */
  maxDurationMs: number;
  /** Its length in minutes when it starts at minute `from`, or null to redraw. */
  minutes(from: number): number | null;
  apply(copy: MinuteSeries, from: number, count: number): void;
  what(count: number): string;
}

function draw(kind: Kind, random: () => number, profile: HouseProfile, untouched: MinuteSeries): Draft {
  const fixed = (durationMs: number) => ({ maxDurationMs: durationMs, minutes: () => Math.round(durationMs / MINUTE_MS) });
  switch (kind) {
    case FindingKind.unusuallyHigh: {
      const times = uniform(random, 1.5, 3);
      const donorDays = 1 + Math.floor(random() * 27);
      const durationMs = uniform(random, 3, 8) * HOUR_MS;
      const extraAt = (from: number, count: number) => Math.max(times * usualPowerW(untouched, from, count), 1.5 * profile.medianPowerW);
      const activity = (from: number, count: number) => {
        const donor = from - donorDays * 24 * 60;
        if (donor < 0) return null;
        const shape = Array.from(untouched.powerW.subarray(donor, donor + count), (p) => Math.max(0, p - profile.baseLoadW));
        const scale = (extraAt(from, count) * count) / shape.reduce((sum, a) => sum + a, 0);
        return shape.every((a) => !Number.isNaN(a)) && scale <= 4 ? shape.map((a) => a * scale) : null;
      };
      let extraW = 0;
      return {
        maxDurationMs: durationMs,
        minutes: (from) => {
          const count = Math.round(durationMs / MINUTE_MS);
          extraW = extraAt(from, count);
          return activity(from, count) ? count : null;
        },
        apply: (s, from, count) => activity(from, count)!.forEach((w, i) => addLoad(s, from + i, 1, w)),
        what: (count) => `+${kw(extraW)} on average (${times.toFixed(1)} × usual) for ${hours(count)}, shaped like ${donorDays} days before`,
      };
    }
    case FindingKind.unusuallyLow: {
      const capW = profile.nightMedianW;
      return {
        ...fixed(uniform(random, 36, 72) * HOUR_MS),
        apply: (s, from, count) => {
          for (let i = from; i < from + count; i++) {
            const p = s.powerW[i]!;
            if (p <= capW) continue;
            s.currentA[i] = (s.currentA[i]! * capW) / p;
            s.powerW[i] = capW;
          }
        },
        what: (count) => `capped at ${Math.round(capW)} W for ${hours(count)}`,
      };
    }
    case FindingKind.baseLoadRise: {
      const extraW = uniform(random, 1, 2) * profile.baseLoadW;
      return { ...fixed(uniform(random, 4, 6) * DAY_MS), apply: (s, from, count) => addLoad(s, from, count, extraW), what: (count) => `+${Math.round(extraW)} W always on for ${hours(count)}` };
    }
    case FindingKind.longRunning: {
      const extraW = uniform(random, 1, 2) * profile.medianPowerW;
      const factor = uniform(random, 2.5, 4);
      const longestBefore = (from: number) => longestRunAbove(untouched.powerW, profile.baseLoadW + extraW / 2, from - 56 * 24 * 60, from);
      return {
        maxDurationMs: 40 * HOUR_MS,
        minutes: (from) => {
          const longest = longestBefore(from);
          const count = Math.max(180, Math.round(factor * longest));
          return longest >= 120 && count <= 40 * 60 ? count : null;
        },
        apply: (s, from, count) => addLoad(s, from, count, extraW),
        what: (count) => `+${kw(extraW)} for ${hours(count)}`,
      };
    }
    case FindingKind.flatReadings:
      return {
        ...fixed(uniform(random, 1, 6) * HOUR_MS),
        apply: (s, from, count) => {
          s.powerW.fill(s.powerW[from]!, from, from + count);
          s.voltageV.fill(s.voltageV[from]!, from, from + count);
          s.currentA.fill(s.currentA[from]!, from, from + count);
        },
        what: (count) => `readings frozen for ${hours(count)}`,
      };
    case FindingKind.implausibleReadings: {
      const calibration = random() < 0.5;
      const factor = calibration ? uniform(random, 2, 4) : uniform(random, 0.1, 0.5);
      return {
        ...fixed(Math.round(uniform(random, 15, 120)) * MINUTE_MS),
        apply: (s, from, count) => {
          for (let i = from; i < from + count; i++) {
            if (calibration) s.powerW[i] = s.powerW[i]! * factor;
            else s.voltageV[i] = profile.nominalVoltageV * factor;
          }
        },
        what: (count) => (calibration ? `power reads ${factor.toFixed(1)} × for ${count} min` : `voltage reads ${Math.round(profile.nominalVoltageV * factor)} V for ${count} min`),
      };
    }
  }
}

/** The usual power (W) of minutes [from, from + count): per minute, the median of the same minute of the week in the 6 weeks before. */
function usualPowerW(untouched: MinuteSeries, from: number, count: number): number {
  let sum = 0;
  for (let i = from; i < from + count; i++) {
    const sameTime: number[] = [];
    for (let week = 1; week <= 6; week++) {
      const v = untouched.powerW[i - week * 7 * 1440];
      if (v !== undefined && !Number.isNaN(v)) sameTime.push(v);
    }
    sameTime.sort((a, b) => a - b);
    sum += sameTime.length > 0 ? sameTime[Math.floor(sameTime.length / 2)]! : 0;
  }
  return sum / count;
}

function addLoad(s: MinuteSeries, from: number, count: number, extraW: number): void {
  for (let i = from; i < from + count; i++) {
    s.powerW[i] = s.powerW[i]! + extraW;
    s.currentA[i] = s.currentA[i]! + extraW / s.voltageV[i]!;
  }
}

function hasMissing(series: MinuteSeries, span: Interval): boolean {
  const from = Math.max(0, (span.startMs - series.startMs) / MINUTE_MS);
  const to = Math.min(series.powerW.length, (span.endMs - series.startMs) / MINUTE_MS);
  for (let i = from; i < to; i++) if (Number.isNaN(series.powerW[i]!)) return true;
  return false;
}

const kw = (w: number) => `${(w / 1000).toFixed(2)} kW`;
const hours = (minutes: number) => `${(minutes / 60).toFixed(1)} h`;
