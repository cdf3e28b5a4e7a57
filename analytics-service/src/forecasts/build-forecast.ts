import type { ForecastMessage } from '@energy/contracts';
import { startOfLocalDayMs, toLocalTime } from '@energy/db';
import { fitForecaster } from '../forecast/forecaster';
import type { HourlySeries } from '../series/hourly-energy';
import { HOUR_MS } from '../series/minute-series';

/** The site-local calendar month around `nowMs`: [start, end) in UTC ms. */
export function localMonth(nowMs: number, timeZone: string): { startMs: number; endMs: number } {
  const [year, month] = toLocalTime(nowMs, timeZone).date.split('-').map(Number) as [number, number];
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return { startMs: startOfLocalDayMs(`${year}-${String(month).padStart(2, '0')}-01`, timeZone), endMs: startOfLocalDayMs(next, timeZone) };
}

/**
 * The forecast a device (or the site) publishes: each hour from the end of `series` (the current
 * hour) for `horizonHours` with the 10–90 % band, each site-local day to the end of the month, and
 * the month's projection: energy so far plus the forecast of the rest, its range the sums of the
 * hourly bands (a cautious range: hourly errors partly cancel over a month). Null while the
 * history is too short for any method.
 */
export function buildForecast(deviceId: string, series: HourlySeries, monthToDateKwh: number, nowMs: number, timeZone: string, horizonHours: number): ForecastMessage | null {
  const lastKnown = series.kwh.length - 1;
  const forecaster = fitForecaster(series.kwh, lastKnown);
  if (!forecaster) return null;
  const month = localMonth(nowMs, timeZone);
  const firstHourMs = series.startMs + series.kwh.length * HOUR_MS;
  const untilMs = Math.max(month.endMs, firstHourMs + horizonHours * HOUR_MS);
  const hours: ForecastMessage['hours'] = [];
  const days = new Map<string, { kwh: number; low: number; high: number }>();
  const rest = { kwh: 0, low: 0, high: 0 };
  for (let startMs = firstHourMs; startMs < untilMs; startMs += HOUR_MS) {
    const f = forecaster.forecast(lastKnown, (startMs - series.startMs) / HOUR_MS);
    if (startMs < firstHourMs + horizonHours * HOUR_MS) hours.push({ start_ms: startMs, kwh: round(f.kwh), low_kwh: round(f.lowKwh), high_kwh: round(f.highKwh) });
    if (startMs >= month.endMs) continue;
    rest.kwh += f.kwh;
    rest.low += f.lowKwh;
    rest.high += f.highKwh;
    const date = toLocalTime(startMs, timeZone).date;
    const day = days.get(date) ?? { kwh: 0, low: 0, high: 0 };
    days.set(date, { kwh: day.kwh + f.kwh, low: day.low + f.lowKwh, high: day.high + f.highKwh });
  }
  return {
    device_id: deviceId,
    ts: nowMs,
    method: forecaster.method.name,
    method_sentence: forecaster.method.sentence,
    hours,
    days: [...days.entries()].map(([date, d]) => ({ date, kwh: round(d.kwh), low_kwh: round(d.low), high_kwh: round(d.high) })),
    month: {
      start_ms: month.startMs,
      end_ms: month.endMs,
      to_date_kwh: round(monthToDateKwh),
      projected_kwh: round(monthToDateKwh + rest.kwh),
      low_kwh: round(monthToDateKwh + rest.low),
      high_kwh: round(monthToDateKwh + rest.high),
    },
  };
}

/** The site's hourly energy: the sum of its devices', unknown where any device's hour is unknown. */
export function siteSeries(devices: readonly HourlySeries[]): HourlySeries | null {
  if (devices.length === 0) return null;
  const { startMs, kwh } = devices[0]!;
  const sum = new Float64Array(kwh.length);
  for (const device of devices) {
    if (device.startMs !== startMs || device.kwh.length !== kwh.length) throw new Error('site series: devices cover different hours');
    for (let h = 0; h < sum.length; h++) sum[h]! += device.kwh[h]!;
  }
  return { startMs, kwh: sum };
}

const round = (v: number) => Math.round(v * 1000) / 1000;
