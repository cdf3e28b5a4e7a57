export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/** A half-open time range [from, to) in UTC ms. */
export interface TimeRange {
  from: number;
  to: number;
}

/** Which rollup buckets to read: hour buckets starting in `hours`, minute buckets starting in `minutes`. */
export interface RollupReads {
  hours: TimeRange[];
  minutes: TimeRange[];
}

export const floorTo = (ms: number, size: number) => Math.floor(ms / size) * size;
export const ceilTo = (ms: number, size: number) => Math.ceil(ms / size) * size;

/**
 * The rollup buckets whose energy adds up to exactly the energy of each span (minute-aligned,
 * sorted, not overlapping), with no bucket shared by two spans: UTC hours lying wholly inside a
 * span, and minutes for the rest. Site-local midnight is not on a UTC hour in zones such as
 * Asia/Kolkata (+05:30), so the hour around it is read by the minute and split between its days.
 */
export function rollupReads(spans: readonly TimeRange[]): RollupReads {
  const hours: TimeRange[] = [];
  const minutes: TimeRange[] = [];
  for (const { from, to } of spans) {
    if (from >= to) continue;
    const firstHour = ceilTo(from, HOUR_MS);
    const endHour = floorTo(to, HOUR_MS);
    if (firstHour >= endHour) {
      append(minutes, from, to);
      continue;
    }
    append(minutes, from, firstHour);
    append(hours, firstHour, endHour);
    append(minutes, endHour, to);
  }
  return { hours, minutes };
}

/** Adds [from, to) to sorted ranges, merging it with the last one when they touch. */
function append(ranges: TimeRange[], from: number, to: number): void {
  if (from >= to) return;
  const last = ranges[ranges.length - 1];
  if (last && last.to === from) last.to = to;
  else ranges.push({ from, to });
}
