export type Resolution = 'raw' | 'minute' | 'hour' | 'day';
export type RequestedResolution = Resolution | 'auto';

/** auto keeps each series at or under this many points. */
export const MAX_AUTO_POINTS = 1000;
/** auto merges rollup buckets only while a series reads at most this many rollup rows. */
export const MAX_SOURCE_ROWS = 6000;
/** An explicit resolution may return up to this many points per series; more is a 400. */
export const MAX_EXPLICIT_POINTS = 10_000;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The largest raw reading count of any requested series, counting no further than `cap`. */
export type RawCounter = (cap: number) => Promise<number>;

/**
 * The points a series gets with `bucketMs`-wide points: every epoch-aligned window of that width
 * that overlaps [from, to) is one point, returned whole.
 */
export function windowCount(fromMs: number, toMs: number, bucketMs: number): number {
  return Math.ceil(toMs / bucketMs) - Math.floor(fromMs / bucketMs);
}

/** The span the windows overlapping [from, to) cover: what a rollup query reads. */
export function windowSpan(fromMs: number, toMs: number, bucketMs: number): { from: number; to: number } {
  return { from: Math.floor(fromMs / bucketMs) * bucketMs, to: Math.ceil(toMs / bucketMs) * bucketMs };
}

export interface HistoryPlan {
  resolution: Resolution;
  /** Width of each point: a multiple of the rollup's bucket for minute/hour; null for raw and day (site-local days). */
  bucketMs: number | null;
}

export class ResolutionTooFineError extends Error {
  constructor(resolution: Resolution, points: number) {
    super(
      `resolution: ${resolution} would return about ${points} points per series; the limit is ${MAX_EXPLICIT_POINTS}. Use a coarser resolution, a shorter range or auto`,
    );
    this.name = 'ResolutionTooFineError';
  }
}

/**
 * Chooses where points come from. Counting raw readings stops at a cap, so planning stays cheap.
 *
 * auto: raw when every series fits in MAX_AUTO_POINTS readings; otherwise the finest rollup a
 * series can read in at most MAX_SOURCE_ROWS rows, with buckets merged so that the windows
 * overlapping the range are at most MAX_AUTO_POINTS; otherwise days.
 */
export async function planHistory(fromMs: number, toMs: number, requested: RequestedResolution, maxRawCount: RawCounter): Promise<HistoryPlan> {
  switch (requested) {
    case 'raw': {
      const count = await maxRawCount(MAX_EXPLICIT_POINTS + 1);
      if (count > MAX_EXPLICIT_POINTS) throw new ResolutionTooFineError('raw', count);
      return { resolution: 'raw', bucketMs: null };
    }
    case 'minute':
    case 'hour': {
      const bucketMs = requested === 'minute' ? MINUTE_MS : HOUR_MS;
      const points = windowCount(fromMs, toMs, bucketMs);
      if (points > MAX_EXPLICIT_POINTS) throw new ResolutionTooFineError(requested, points);
      return { resolution: requested, bucketMs };
    }
    case 'day':
      return { resolution: 'day', bucketMs: null };
    case 'auto':
      if ((await maxRawCount(MAX_AUTO_POINTS + 1)) <= MAX_AUTO_POINTS) return { resolution: 'raw', bucketMs: null };
      for (const [resolution, sizeMs] of [
        ['minute', MINUTE_MS],
        ['hour', HOUR_MS],
      ] as const) {
        const rows = windowCount(fromMs, toMs, sizeMs);
        if (rows > MAX_SOURCE_ROWS) continue;
        // A range that does not start on a merged window reaches into one more: widen until it fits.
        let merge = Math.max(1, Math.ceil(rows / MAX_AUTO_POINTS));
        while (windowCount(fromMs, toMs, merge * sizeMs) > MAX_AUTO_POINTS) merge++;
        return { resolution, bucketMs: merge * sizeMs };
      }
      return { resolution: 'day', bucketMs: null };
  }
}
