import { DAY_MS, HOUR_MS, MINUTE_MS, planHistory, ResolutionTooFineError, windowCount } from './resolution';

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

  it('plans at most 1000 points for auto wherever the range starts and ends', async () => {
    // 2,000 hours from an odd hour: 2-hour points would need 1,001 windows
    const odd = await planHistory(HOUR_MS, 2001 * HOUR_MS, 'auto', count(2000));
    expect(windowCount(HOUR_MS, 2001 * HOUR_MS, odd.bucketMs!)).toBeLessThanOrEqual(1000);
    for (const range of [HOUR_MS * 17 + 1, DAY_MS, 4 * DAY_MS - 7, 30 * DAY_MS, 90 * DAY_MS, 249 * DAY_MS]) {
      for (const from of [0, 1, MINUTE_MS - 1, 59 * MINUTE_MS, HOUR_MS + 30_000, 5 * HOUR_MS - 1]) {
        const plan = await planHistory(from, from + range, 'auto', count(range));
        expect({ range, from, fits: windowCount(from, from + range, plan.bucketMs!) <= 1000 }).toEqual({ range, from, fits: true });
      }
    }
  });

  it('counts the buckets that overlap the range for an explicit resolution', async () => {
    // 10,000 minutes that start mid-minute overlap 10,001 minute buckets
    await expect(planHistory(30_000, 30_000 + 10_000 * MINUTE_MS, 'minute', count(0))).rejects.toThrow('minute would return about 10001 points');
    expect(await planHistory(0, 10_000 * MINUTE_MS, 'minute', count(0))).toEqual({ resolution: 'minute', bucketMs: MINUTE_MS });
  });

  it('takes an explicit resolution as asked, within the point limit', async () => {
    expect(await planHistory(0, DAY_MS, 'minute', count(0))).toEqual({ resolution: 'minute', bucketMs: MINUTE_MS });
    expect(await planHistory(0, 400 * DAY_MS, 'hour', count(0))).toEqual({ resolution: 'hour', bucketMs: HOUR_MS });
    expect(await planHistory(0, 400 * DAY_MS, 'day', count(0))).toEqual({ resolution: 'day', bucketMs: null });
    await expect(planHistory(0, 30 * DAY_MS, 'minute', count(0))).rejects.toThrow(ResolutionTooFineError);
    await expect(planHistory(0, DAY_MS, 'raw', count(10_001))).rejects.toThrow('resolution: raw would return about 10001 points');
  });
});
