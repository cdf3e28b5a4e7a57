import { compareBuckets, mergeComparisons } from './bucket-comparison';

describe(compareBuckets.name, () => {
  const tol = { relative: 1e-4, absoluteWh: 0.0015, significantWh: 1 };

  it('passes buckets within 0.01 % or within the resolution, and reports the largest error', () => {
    const c = compareBuckets('d1', new Map([['h1', 1_000], ['h2', 0.004]]), new Map([['h1', 1_000.05], ['h2', 0.005]]), tol);
    expect(c.failures).toEqual([]);
    expect(c.maxErrorPct).toBeCloseTo(0.005, 9);
    expect(c.diffs.find((d) => d.bucket === 'h2')!.errorPct).toBeNull();
  });

  it('fails a bucket off by more, and a bucket only one side has', () => {
    const c = compareBuckets('d1', new Map([['h1', 1_000]]), new Map([['h1', 1_000.2], ['h2', 36_000]]), tol);
    expect(c.failures.map((f) => f.bucket)).toEqual(['h1', 'h2']);
    expect(mergeComparisons([c, compareBuckets('d2', new Map(), new Map(), tol)]).failures).toHaveLength(2);
  });
});
