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
 * series can read in at most MAX_SOURCE_ROWS rows, with buckets merged to stay under
 * MAX_AUTO_POINTS; otherwise days.
 */
export function planHistory(fromMs: number, toMs: number, requested: RequestedResolution, maxRawCount: RawCounter): Promise<HistoryPlan> {
  return plan(toMs - fromMs, requested, maxRawCount);
}

async function plan(rangeMs: number, requested: RequestedResolution, maxRawCount: RawCounter): Promise<HistoryPlan> {
  switch (requested) {
    case 'raw': {
      const count = await maxRawCount(MAX_EXPLICIT_POINTS + 1);
      if (count > MAX_EXPLICIT_POINTS) throw new ResolutionTooFineError('raw', count);
      return { resolution: 'raw', bucketMs: null };
    }
    case 'minute':
    case 'hour': {
      const bucketMs = requested === 'minute' ? MINUTE_MS : HOUR_MS;
      const points = Math.ceil(rangeMs / bucketMs);
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
        const rows = Math.ceil(rangeMs / sizeMs);
        if (rows <= MAX_SOURCE_ROWS) return { resolution, bucketMs: sizeMs * Math.max(1, Math.ceil(rows / MAX_AUTO_POINTS)) };
      }
      return { resolution: 'day', bucketMs: null };
  }
}
