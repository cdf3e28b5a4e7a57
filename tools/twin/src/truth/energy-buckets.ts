import { startOfLocalDayMs, toLocalTime } from '@energy/db';

export const HOUR_MS = 3_600_000;

/** `YYYY-MM-DD` plus one calendar day. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Exact energy (Wh) of a sub-interval [fromMs, toMs] of what is being added. */
export type EnergyOver = (fromMs: number, toMs: number) => number;

/**
 * Energy per UTC hour and per site-local day, as the rollups and GET /api/v1/energy keep it. An
 * interval's energy is split over every bucket it touches: linearly for a counter delta (the way the
 * ingest spreads it), or exactly for a known power curve (the physical truth).
 */
export class EnergyBuckets {
  readonly hours = new Map<number, number>();
  readonly days = new Map<string, number>();
  private total = 0;

  constructor(readonly timeZone: string) {}

  get totalWh(): number {
    return this.total;
  }

  hourWh(bucketMs: number): number {
    return this.hours.get(bucketMs) ?? 0;
  }

  dayWh(date: string): number {
    return this.days.get(date) ?? 0;
  }

  /** A counter delta over (fromMs, toMs], spread linearly; a zero-length one lands in the bucket of toMs. */
  addLinear(fromMs: number, toMs: number, wh: number): void {
    if (toMs < fromMs) throw new Error(`interval ends before it starts (${fromMs} > ${toMs})`);
    if (toMs === fromMs) {
      this.put(Math.floor(toMs / HOUR_MS) * HOUR_MS, toLocalTime(toMs, this.timeZone).date, wh);
      return;
    }
    this.addCurve(fromMs, toMs, (a, b) => (wh * (b - a)) / (toMs - fromMs));
  }

  /** Energy over (fromMs, toMs] from a curve that can say exactly how much fell in any part of it. */
  addCurve(fromMs: number, toMs: number, energyOver: EnergyOver): void {
    let at = fromMs;
    while (at < toMs) {
      const hourStart = Math.floor(at / HOUR_MS) * HOUR_MS;
      // The local date of the first instant after `at`; a day may end inside this hour (half-hour zones).
      const date = toLocalTime(at, this.timeZone).date;
      const dayEnd = startOfLocalDayMs(nextDate(date), this.timeZone);
      const end = Math.min(toMs, hourStart + HOUR_MS, dayEnd);
      this.put(hourStart, date, energyOver(at, end));
      at = end;
    }
  }

  private put(hourMs: number, date: string, wh: number): void {
    this.hours.set(hourMs, (this.hours.get(hourMs) ?? 0) + wh);
    this.days.set(date, (this.days.get(date) ?? 0) + wh);
    this.total += wh;
  }
}
