import { startOfLocalDayMs, toLocalTime } from './local-time';

describe(toLocalTime.name, () => {
  it('formats date, weekday and time in the site zone', () => {
    expect(toLocalTime(Date.UTC(2026, 10, 27, 23, 30, 5), 'Europe/Berlin')).toEqual({ date: '2026-11-28', day: 'Saturday', time: '00:30:05' });
    expect(toLocalTime(Date.UTC(2026, 10, 27, 23, 30, 5), 'UTC')).toEqual({ date: '2026-11-27', day: 'Friday', time: '23:30:05' });
  });
});

describe(startOfLocalDayMs.name, () => {
  it('finds local midnight, also on DST change days (23 and 25 hours long)', () => {
    expect(startOfLocalDayMs('2026-11-27', 'Europe/Berlin')).toBe(Date.UTC(2026, 10, 26, 23));
    const spring = startOfLocalDayMs('2026-03-29', 'Europe/Berlin');
    expect(startOfLocalDayMs('2026-03-30', 'Europe/Berlin') - spring).toBe(23 * 3_600_000);
    const autumn = startOfLocalDayMs('2026-10-25', 'Europe/Berlin');
    expect(startOfLocalDayMs('2026-10-26', 'Europe/Berlin') - autumn).toBe(25 * 3_600_000);
  });
});

describe('toLocalTime across a whole day', () => {
  it('matches Intl for every 7th second of a DST change day', () => {
    const format = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    for (let ts = Date.UTC(2026, 9, 24, 22); ts < Date.UTC(2026, 9, 25, 22); ts += 7_000 + 123) {
      expect(toLocalTime(ts, 'Europe/Berlin').time).toBe(format.format(ts));
    }
  });
});
