import { TIME } from './time-format';

/** Display formats with units. Pure functions, used by templates through the pipes below and by charts. */

const numberFormats = new Map<string, Intl.NumberFormat>();
function nf(min: number, max: number): Intl.NumberFormat {
  const key = `${min}:${max}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(undefined, { minimumFractionDigits: min, maximumFractionDigits: max });
    numberFormats.set(key, f);
  }
  return f;
}

export function formatNumber(value: number | null | undefined, decimals: number, minDecimals = decimals): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return nf(minDecimals, decimals).format(value);
}

/** 276 W, 1.24 kW. */
export function formatPower(watts: number | null | undefined): { value: string; unit: string } {
  if (watts === null || watts === undefined || !Number.isFinite(watts)) return { value: '–', unit: 'W' };
  return Math.abs(watts) >= 10_000 ? { value: formatNumber(watts / 1000, 2, 2), unit: 'kW' } : { value: formatNumber(watts, 0), unit: 'W' };
}

export function formatEnergy(kwh: number | null | undefined): string {
  if (kwh === null || kwh === undefined || !Number.isFinite(kwh)) return '–';
  return formatNumber(kwh, kwh < 10 ? 3 : kwh < 1000 ? 2 : 0, kwh < 10 ? 2 : 0);
}

const currencyFormats = new Map<string, Intl.NumberFormat>();
export function formatMoney(amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '–';
  const code = currency && /^[A-Z]{3}$/.test(currency) ? currency : 'EUR';
  let f = currencyFormats.get(code);
  if (!f) {
    f = new Intl.NumberFormat(undefined, { style: 'currency', currency: code, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    currencyFormats.set(code, f);
  }
  return f.format(amount);
}

/** The browser locale's clock, the same on chart axes (./time-format). */
export function formatTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '–' : TIME.time(ms);
}

export function formatDateTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '–' : TIME.dateTime(ms);
}

/** "12 s ago", "5 min ago", "3 h ago", else the date. */
export function formatAgo(ms: number | null | undefined, nowMs = Date.now()): string {
  if (ms === null || ms === undefined) return 'never';
  const s = Math.max(0, Math.round((nowMs - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return formatDateTime(ms);
}

/** `<input type="datetime-local">` value in the browser's time zone, and back. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): number | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}
