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

  // There the clocks jump from 00:00 straight to 01:00: the day's first instant is 01:00 local.
  it.each([
    ['America/Santiago', '2025-09-07', Date.UTC(2025, 8, 7, 4)],
    ['America/Havana', '2025-03-09', Date.UTC(2025, 2, 9, 5)],
    ['America/Asuncion', '2024-10-06', Date.UTC(2024, 9, 6, 4)],
  ])('starts the day at the first instant of it when %s skips midnight (%s)', (zone, date, expected) => {
    expect(startOfLocalDayMs(date, zone)).toBe(expected);
    expect(toLocalTime(expected, zone)).toMatchObject({ date, time: '01:00:00' });
    expect(toLocalTime(expected - 1, zone).date).not.toBe(date);
  });

  it('starts the day at local midnight when the clocks go back at midnight (Santiago 2025-04-06)', () => {
    // 24:00 on the 5th becomes 23:00 again, so midnight of the 6th happens once, at 04:00Z.
    expect(startOfLocalDayMs('2025-04-06', 'America/Santiago')).toBe(Date.UTC(2025, 3, 6, 4));
    expect(startOfLocalDayMs('2025-04-05', 'America/Santiago')).toBe(Date.UTC(2025, 3, 5, 3));
  });

  it('finds midnight in zones with half- and quarter-hour offsets', () => {
    expect(startOfLocalDayMs('2026-11-27', 'Asia/Kolkata')).toBe(Date.UTC(2026, 10, 26, 18, 30));
    expect(startOfLocalDayMs('2026-11-27', 'Asia/Kathmandu')).toBe(Date.UTC(2026, 10, 26, 18, 15));
    expect(startOfLocalDayMs('2026-11-27', 'Pacific/Kiritimati')).toBe(Date.UTC(2026, 10, 26, 10));
  });

  it('gives a day the calendar skipped the start of the next one (Samoa, 2011-12-30)', () => {
    expect(startOfLocalDayMs('2011-12-30', 'Pacific/Apia')).toBe(startOfLocalDayMs('2011-12-31', 'Pacific/Apia'));
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
