import { startOfLocalDayMs } from '@energy/db';
import { addDays, localDayAndMonth, periodBuckets, shareOfLocalDays } from './calendar';

describe(periodBuckets.name, () => {
  it('cuts site-local days, also across a DST change (25-hour day)', () => {
    const from = Date.UTC(2026, 9, 24, 22); // 2026-10-25 00:00 Berlin (CEST)
    const to = Date.UTC(2026, 9, 26, 23); // 2026-10-27 00:00 Berlin (CET)
    const days = periodBuckets('day', from, to, 'Europe/Berlin');
    expect(days.map((d) => d.label)).toEqual(['2026-10-25', '2026-10-26']);
    expect(days[0]!.end - days[0]!.start).toBe(25 * 3_600_000);
    expect(days.every((d) => d.chargeableDays === 1)).toBe(true);
  });

  it('starts weeks on Monday and counts only days inside the range', () => {
    const weeks = periodBuckets('week', Date.UTC(2026, 10, 27), Date.UTC(2026, 11, 3), 'UTC'); // Fri 27 Nov .. Wed 2 Dec
    expect(weeks.map((w) => [w.label, w.chargeableDays])).toEqual([
      ['2026-11-23', 3],
      ['2026-11-30', 3],
    ]);
  });

  it('labels months YYYY-MM and hours in local time', () => {
    expect(periodBuckets('month', Date.UTC(2026, 0, 15), Date.UTC(2026, 2, 1), 'UTC').map((m) => m.label)).toEqual(['2026-01', '2026-02']);
    const hours = periodBuckets('hour', Date.UTC(2026, 10, 27, 10, 30), Date.UTC(2026, 10, 27, 12), 'Europe/Berlin');
    expect(hours.map((h) => h.label)).toEqual(['2026-11-27 11:00', '2026-11-27 12:00']);
  });
});

describe('standing charge shares of hour buckets', () => {
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

  it.each([
    ['Europe/Berlin', '2026-03-29', '2026-03-30', 23],
    ['Europe/Berlin', '2026-10-25', '2026-10-26', 25],
    ['America/Santiago', '2025-09-07', '2025-09-08', 23],
    ['Asia/Kolkata', '2026-11-27', '2026-11-28', 25], // UTC hours: the first and last are half in the day
  ])('add up to one day over the hours of a %s day (%s)', (zone, day, next, buckets) => {
    const hours = periodBuckets('hour', startOfLocalDayMs(day, zone), startOfLocalDayMs(next, zone), zone);
    expect(hours).toHaveLength(buckets);
    expect(sum(hours.map((h) => h.chargeableDays))).toBeCloseTo(1, 12);
  });

  it('gives each local day its share of an hour that straddles midnight', () => {
    // 18:00Z-19:00Z is 23:30-00:30 in Kolkata; both days are 24 hours long
    expect(shareOfLocalDays(Date.UTC(2026, 10, 27, 18), Date.UTC(2026, 10, 27, 19), 'Asia/Kolkata')).toBeCloseTo(1 / 24, 12);
    // 22:00Z-23:00Z on 2026-03-28 Berlin: 23:00-24:00 of a 24 h day; then 00:00-01:00 of a 23 h day
    expect(shareOfLocalDays(Date.UTC(2026, 2, 28, 22), Date.UTC(2026, 2, 29, 0), 'Europe/Berlin')).toBeCloseTo(1 / 24 + 1 / 23, 12);
  });
});

describe(localDayAndMonth.name, () => {
  it('knows the month length and how far into it we are', () => {
    const m = localDayAndMonth(Date.UTC(2026, 1, 10, 12), 'UTC');
    expect(m).toMatchObject({ today: '2026-02-10', daysInMonth: 28, dayOfMonth: 10, monthStart: Date.UTC(2026, 1, 1), monthEnd: Date.UTC(2026, 2, 1) });
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
