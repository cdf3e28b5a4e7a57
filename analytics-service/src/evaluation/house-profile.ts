import { median } from 'simple-statistics';
import { nightlyBaseLoad } from '../anomalies/base-load-detector';
import { hourlyMinimumW } from '../series/hourly-energy';
import type { LocalCalendar } from '../series/local-calendar';
import { MINUTE_MS, type MinuteSeries } from '../series/minute-series';

/** The house's own scale, so injected anomalies are sized for this house and not for one we picked. */
export interface HouseProfile {
  medianPowerW: number;
  /** Median over the nights of the night-time base load (W). */
  baseLoadW: number;
  /** Median power during the night hours (W): what stays on when nobody is active. */
  nightMedianW: number;
  nominalVoltageV: number;
}

export function houseProfile(minutes: MinuteSeries, calendar: LocalCalendar): HouseProfile {
  const known = (values: Float64Array) => Array.from(values).filter((v) => !Number.isNaN(v));
  const night: number[] = [];
  minutes.powerW.forEach((p, i) => {
    if (!Number.isNaN(p) && calendar.at(minutes.startMs + i * MINUTE_MS).hour < 5) night.push(p);
  });
  const nights = nightlyBaseLoad(hourlyMinimumW(minutes), calendar);
  return {
    medianPowerW: median(known(minutes.powerW)),
    baseLoadW: nights.length > 0 ? median(nights.map((n) => n.baseW)) : 0,
    nightMedianW: night.length > 0 ? median(night) : 0,
    nominalVoltageV: median(known(minutes.voltageV)),
  };
}

/** The longest run of minutes at or above `levelW` in [from, to) (minute indexes). */
export function longestRunAbove(powerW: Float64Array, levelW: number, from: number, to: number): number {
  let longest = 0;
  let run = 0;
  for (let i = Math.max(0, from); i < Math.min(to, powerW.length); i++) {
    const p = powerW[i]!;
    run = !Number.isNaN(p) && p >= levelW ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}
