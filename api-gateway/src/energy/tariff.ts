import { z } from 'zod';

const MINUTES_PER_DAY = 1440;
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM (00:00 to 23:59)');
const rate = (what: string) => z.number({ error: `${what} must be a number` }).min(0, `${what} must be at least 0`).max(1000, `${what} must be at most 1000`);

const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * A tariff: a flat rate, optional time-of-use windows in site-local time (a window may wrap past
 * midnight, `22:00`-`06:00`; minutes outside every window pay the flat rate), a fixed daily
 * standing charge, and the currency (ISO 4217).
 */
export const tariffSchema = z
  .strictObject({
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
    flatRatePerKwh: rate('flatRatePerKwh'),
    standingChargePerDay: rate('standingChargePerDay').default(0),
    timeOfUse: z
      .array(z.strictObject({ from: hhmm, to: hhmm, ratePerKwh: rate('ratePerKwh') }))
      .max(48, 'must have at most 48 windows')
      .default([]),
  })
  .superRefine((tariff, ctx) => {
    const owner = new Array<number | undefined>(MINUTES_PER_DAY);
    tariff.timeOfUse.forEach((window, index) => {
      const start = toMinutes(window.from);
      const end = toMinutes(window.to);
      if (start === end) {
        ctx.addIssue({ code: 'custom', path: ['timeOfUse', index, 'to'], message: 'must differ from from' });
        return;
      }
      for (let m = start; m !== end; m = (m + 1) % MINUTES_PER_DAY) {
        const other = owner[m];
        if (other !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['timeOfUse', index], message: `overlaps window ${other}` });
          return;
        }
        owner[m] = index;
      }
    });
  });

export type Tariff = z.output<typeof tariffSchema>;

export const DEFAULT_TARIFF: Tariff = { currency: 'EUR', flatRatePerKwh: 0.3, standingChargePerDay: 0, timeOfUse: [] };

/**
 * The price of energy by local time. Energy read from an hour rollup that a window covers in part
 * is priced at the minute-weighted average of its rates (consumption assumed even within the hour);
 * energy read from minute rollups at each minute's own rate.
 */
export class TariffPricing {
  private readonly ratePerMinute: Float64Array;
  private readonly hourRateCache = new Map<number, number>();

  constructor(readonly tariff: Tariff) {
    this.ratePerMinute = new Float64Array(MINUTES_PER_DAY).fill(tariff.flatRatePerKwh);
    for (const window of tariff.timeOfUse) {
      const end = toMinutes(window.to);
      for (let m = toMinutes(window.from); m !== end; m = (m + 1) % MINUTES_PER_DAY) this.ratePerMinute[m] = window.ratePerKwh;
    }
  }

  /** The rate for the minute starting at local `HH:MM`. */
  minuteRate(localTime: string): number {
    return this.ratePerMinute[toMinutes(localTime)]!;
  }

  /** The rate for the hour starting at local `HH:MM`. */
  hourRate(localTime: string): number {
    const start = toMinutes(localTime);
    let cached = this.hourRateCache.get(start);
    if (cached === undefined) {
      let sum = 0;
      for (let i = 0; i < 60; i++) sum += this.ratePerMinute[(start + i) % MINUTES_PER_DAY]!;
      cached = sum / 60;
      this.hourRateCache.set(start, cached);
    }
    return cached;
  }
}
