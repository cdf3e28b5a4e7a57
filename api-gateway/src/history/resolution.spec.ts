import { DAY_MS, HOUR_MS, MINUTE_MS, planHistory, ResolutionTooFineError } from './resolution';

const count = (n: number) => (cap: number) => Promise.resolve(Math.min(n, cap));

describe(planHistory.name, () => {
  it('serves raw readings when every series has at most 1000', async () => {
    expect(await planHistory(0, HOUR_MS, 'auto', count(1000))).toEqual({ resolution: 'raw', bucketMs: null });
  });

  it.each([
    ['1 hour', HOUR_MS, 'minute', MINUTE_MS],
    ['16 hours', 16 * HOUR_MS, 'minute', MINUTE_MS],
    ['1 day', DAY_MS, 'minute', 2 * MINUTE_MS],
    ['4 days', 4 * DAY_MS, 'minute', 6 * MINUTE_MS],
    ['30 days', 30 * DAY_MS, 'hour', HOUR_MS],
    ['90 days', 90 * DAY_MS, 'hour', 3 * HOUR_MS],
    ['250 days', 250 * DAY_MS, 'hour', 6 * HOUR_MS],
    ['400 days', 400 * DAY_MS, 'day', null],
  ] as const)('auto over %s of 1 Hz data (%i ms) uses %s buckets of %p ms', async (_label, range, resolution, bucketMs) => {
    const plan = await planHistory(0, range, 'auto', count(range / 1000));
    expect(plan).toEqual({ resolution, bucketMs });
    if (plan.bucketMs) expect(range / plan.bucketMs).toBeLessThanOrEqual(1000);
  });

  it('takes an explicit resolution as asked, within the point limit', async () => {
    expect(await planHistory(0, DAY_MS, 'minute', count(0))).toEqual({ resolution: 'minute', bucketMs: MINUTE_MS });
    expect(await planHistory(0, 400 * DAY_MS, 'hour', count(0))).toEqual({ resolution: 'hour', bucketMs: HOUR_MS });
    expect(await planHistory(0, 400 * DAY_MS, 'day', count(0))).toEqual({ resolution: 'day', bucketMs: null });
    await expect(planHistory(0, 30 * DAY_MS, 'minute', count(0))).rejects.toThrow(ResolutionTooFineError);
    await expect(planHistory(0, DAY_MS, 'raw', count(10_001))).rejects.toThrow('resolution: raw would return about 10001 points');
  });
});
