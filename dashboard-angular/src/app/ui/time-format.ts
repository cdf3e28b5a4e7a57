/**
 * One way of writing times across the dashboard: alerts, lists and chart axes follow the browser's
 * locale, 12-hour (5:24:54 PM) or 24-hour (17:24:54) as it prefers. Text goes through Intl with
 * that hour cycle; the charts' date-fns patterns are chosen from the same hour cycle, so an alert's
 * "since" and the axis beside it never disagree (issue 17).
 */
export interface TimeFormats {
  /** Whether the locale writes 12-hour times. */
  readonly hour12: boolean;
  /** 17:24:54 or 5:24:54 PM. */
  time(ms: number): string;
  /** 17:24 or 5:24 PM. */
  shortTime(ms: number): string;
  /** 29 Nov 2026, 17:24 in the locale's order. */
  dateTime(ms: number): string;
  /** date-fns patterns for Chart.js time axes and tooltips, in the same hour cycle. */
  readonly chart: {
    second: string;
    minute: string;
    hour: string;
    day: string;
    month: string;
    tooltipTime: string;
    tooltipDateTime: string;
    tooltipLongDateTime: string;
  };
}

/** The formats for `locale` (default: the browser's). */
export function timeFormats(locale?: string): TimeFormats {
  const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
  const hour12 = cycle === 'h11' || cycle === 'h12';
  const hourCycle = hour12 ? 'h12' : 'h23';
  const time = new Intl.DateTimeFormat(locale, { hour: hour12 ? 'numeric' : '2-digit', minute: '2-digit', second: '2-digit', hourCycle });
  const shortTime = new Intl.DateTimeFormat(locale, { hour: hour12 ? 'numeric' : '2-digit', minute: '2-digit', hourCycle });
  const dateTime = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: hour12 ? 'numeric' : '2-digit', minute: '2-digit', hourCycle });
  const hm = hour12 ? 'h:mm a' : 'HH:mm';
  const hms = hour12 ? 'h:mm:ss a' : 'HH:mm:ss';
  return {
    hour12,
    time: (ms) => time.format(ms),
    shortTime: (ms) => shortTime.format(ms),
    dateTime: (ms) => dateTime.format(ms),
    chart: { second: hms, minute: hm, hour: hm, day: 'd MMM', month: 'MMM yyyy', tooltipTime: hms, tooltipDateTime: `d MMM ${hms}`, tooltipLongDateTime: `d MMM yyyy ${hm}` },
  };
}

/** The browser's formats, shared by every page. */
export const TIME = timeFormats();
