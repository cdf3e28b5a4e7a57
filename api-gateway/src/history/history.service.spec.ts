import { BadRequestException } from '@nestjs/common';
import type { GatewayConfig } from '../config/env';
import type { HistoryBucketRow } from '@energy/db/readings';
import type { HistoryRepository } from './history.repository';
import { HistoryService } from './history.service';

const bucket = (device_id: string, ts: number | string, n: number): HistoryBucketRow => ({
  device_id,
  ts,
  n,
  v_sum: 230 * n,
  v_min: 228,
  v_max: 232,
  i_sum: n,
  i_min: 0.5,
  i_max: 1.5,
  p_sum: 230 * n,
  p_min: 100,
  p_max: 400,
  energy_wh: 1.23456,
});

function service(rawCount: number) {
  const repo = {
    countRaw: jest.fn(async (_id: string, _f: number, _t: number, cap: number) => Math.min(rawCount, cap)),
    raw: jest.fn(async () => [{ device_id: 'a', ts_ms: 1000, voltage_v: 230, current_a: 1, power_w: 230, energy_delta_wh: 0.5 }]),
    buckets: jest.fn(async () => [bucket('b', 120_000, 120), bucket('a', 0, 120)]),
    days: jest.fn(async () => [bucket('a', '2026-11-27', 86_400)]),
  };
  return { repo, svc: new HistoryService(repo as unknown as HistoryRepository, { siteTimeZone: 'Europe/Berlin' } as GatewayConfig) };
}

describe(HistoryService.name, () => {
  it('returns raw readings as points with min = max = avg and n = 1', async () => {
    const { svc } = service(10);
    const res = await svc.query(['a', 'b'], 0, 3_600_000, 'auto');
    expect(res).toEqual({
      resolution: 'raw',
      bucketMs: null,
      from: 0,
      to: 3_600_000,
      series: [
        { deviceId: 'a', points: [{ ts: 1000, n: 1, voltage_v: { avg: 230, min: 230, max: 230 }, current_a: { avg: 1, min: 1, max: 1 }, power_w: { avg: 230, min: 230, max: 230 }, energy_wh: 0.5 }] },
        { deviceId: 'b', points: [] },
      ],
    });
  });

  it('averages rollup sums, keeps series in the order asked, and asks for merged buckets', async () => {
    const { svc, repo } = service(100_000);
    const res = await svc.query(['b', 'a'], 0, 86_400_000, 'auto');
    expect(repo.buckets).toHaveBeenCalledWith('rollup_minute', ['b', 'a'], 0, 86_400_000, 120_000);
    expect(res.series.map((s) => s.deviceId)).toEqual(['b', 'a']);
    expect(res.series[1]!.points[0]).toEqual({ ts: 0, n: 120, voltage_v: { avg: 230, min: 228, max: 232 }, current_a: { avg: 1, min: 0.5, max: 1.5 }, power_w: { avg: 230, min: 100, max: 400 }, energy_wh: 1.2346 });
  });

  it('puts day points at local midnight and asks for the days that overlap the range', async () => {
    const { svc, repo } = service(100_000);
    const from = Date.UTC(2026, 10, 26, 23); // 27 Nov 00:00 in Berlin
    const res = await svc.query(['a'], from, from + 86_400_000, 'day');
    expect(repo.days).toHaveBeenCalledWith(['a'], '2026-11-27', '2026-11-27');
    expect(res.series[0]!.points[0]!.ts).toBe(from);
  });

  it('turns a too-fine explicit resolution into a 400', async () => {
    const { svc } = service(50_000);
    await expect(svc.query(['a'], 0, 86_400_000, 'raw')).rejects.toThrow(BadRequestException);
  });
});
