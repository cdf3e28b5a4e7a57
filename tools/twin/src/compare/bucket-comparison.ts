export interface BucketDiff {
  deviceId: string;
  /** Hour start (ISO) or site-local date. */
  bucket: string;
  truthWh: number;
  storedWh: number;
  /** |stored - truth| / truth in %, null when the truth is too small to state one. */
  errorPct: number | null;
  ok: boolean;
}

export interface BucketComparison {
  diffs: BucketDiff[];
  failures: BucketDiff[];
  /** The largest error over buckets with at least `significantWh` of truth. */
  maxErrorPct: number;
}

export interface Tolerance {
  /** Relative tolerance, e.g. 1e-4 for 0.01 %. */
  relative: number;
  /** Below this the comparison is limited by the resolution (the API's 1 mWh, the meter's 3 decimals). */
  absoluteWh: number;
  /** Buckets with less truth than this are judged by the absolute tolerance only and left out of maxErrorPct. */
  significantWh: number;
}

/** Compares energy per bucket; a bucket present on one side only counts as 0 on the other. */
export function compareBuckets(deviceId: string, truth: ReadonlyMap<string, number>, stored: ReadonlyMap<string, number>, tolerance: Tolerance): BucketComparison {
  const diffs: BucketDiff[] = [];
  for (const bucket of [...new Set([...truth.keys(), ...stored.keys()])].sort()) {
    const truthWh = truth.get(bucket) ?? 0;
    const storedWh = stored.get(bucket) ?? 0;
    const delta = Math.abs(storedWh - truthWh);
    const ok = delta <= Math.max(tolerance.relative * Math.abs(truthWh), tolerance.absoluteWh);
    const errorPct = Math.abs(truthWh) >= tolerance.significantWh ? (100 * delta) / Math.abs(truthWh) : null;
    diffs.push({ deviceId, bucket, truthWh, storedWh, errorPct, ok });
  }
  return { diffs, failures: diffs.filter((d) => !d.ok), maxErrorPct: Math.max(0, ...diffs.map((d) => d.errorPct ?? 0)) };
}

/** Joins per-device comparisons. */
export function mergeComparisons(parts: BucketComparison[]): BucketComparison {
  return {
    diffs: parts.flatMap((p) => p.diffs),
    failures: parts.flatMap((p) => p.failures),
    maxErrorPct: Math.max(0, ...parts.map((p) => p.maxErrorPct)),
  };
}
