import { HOUR_MS } from './minute-series';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const SHORT_WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

export interface LocalHour {
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
  hour: number;
  /** YYYY-MM-DD */
  date: string;
  minute: number;
}

/** The site's wall clock for UTC instants (IANA rules, so DST is right), cached per UTC hour. */
export class LocalCalendar {
  private readonly format: Intl.DateTimeFormat;
  private readonly cache = new Map<number, LocalHour>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }

  at(ms: number): LocalHour {
    const hourIndex = Math.floor(ms / HOUR_MS);
    let local = this.cache.get(hourIndex);
    if (!local) {
      const parts: Record<string, string> = {};
      for (const part of this.format.formatToParts(hourIndex * HOUR_MS)) parts[part.type] = part.value;
      local = { weekday: SHORT_WEEKDAYS[parts.weekday!]!, hour: Number(parts.hour), date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.minute) };
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(hourIndex, local);
    }
    return local;
  }

  /** "a Saturday afternoon" */
  timeOfWeek(ms: number): string {
    const { weekday, hour } = this.at(ms);
    return `a ${WEEKDAYS[weekday]} ${partOfDay(hour)}`;
  }

  /** "Sat 24 Feb 14:00" */
  shortTime(ms: number): string {
    return new Intl.DateTimeFormat('en-GB', { timeZone: this.timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms).replace(',', '');
  }
}

export function partOfDay(hour: number): string {
  if (hour < 6) return 'night';
  if (hour < 12) return 'morning';
  if (hour < 18) return 'afternoon';
  return 'evening';
}
