import { format } from 'date-fns';
import { timeFormats } from './time-format';

// 2026-11-29 17:24:54 local time (the formats use the local zone, like the charts).
const AT = new Date(2026, 10, 29, 17, 24, 54).getTime();

describe('timeFormats', () => {
  it('writes 12-hour times for a 12-hour locale, in text and on chart axes alike', () => {
    const f = timeFormats('en-US');
    expect(f.hour12).toBe(true);
    expect(f.time(AT)).toBe('5:24:54 PM');
    expect(format(AT, f.chart.tooltipTime)).toBe(f.time(AT));
    expect(format(AT, f.chart.minute)).toBe(f.shortTime(AT));
  });

  it('writes 24-hour times for a 24-hour locale, in text and on chart axes alike', () => {
    for (const locale of ['de-DE', 'en-GB']) {
      const f = timeFormats(locale);
      expect(f.hour12).toBe(false);
      expect(f.time(AT)).toBe('17:24:54');
      expect(format(AT, f.chart.tooltipTime)).toBe(f.time(AT));
      expect(format(AT, f.chart.minute)).toBe(f.shortTime(AT));
    }
  });

  it('keeps two-digit hours in 24-hour time and none in 12-hour time', () => {
    const morning = new Date(2026, 10, 29, 5, 4, 3).getTime();
    expect(timeFormats('de-DE').time(morning)).toBe('05:04:03');
    expect(timeFormats('en-US').time(morning)).toBe('5:04:03 AM');
    expect(format(morning, timeFormats('en-US').chart.second)).toBe('5:04:03 AM');
  });
});
