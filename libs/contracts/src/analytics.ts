import { z } from 'zod';
import { DEVICE_ID_PATTERN } from './topics';

/**
 * Payloads of the analytics service (issue 18): forecasts, unusual-consumption findings and
 * appliance runs, on `analyticsTopics` and from its HTTP API.
 */

/** What the analytics service can find unusual. Missing data is never one of them: that is the `offline` rule's matter. */
export const FindingKind = {
  /** Consumption far above what is usual for this time of week, for hours. */
  unusuallyHigh: 'unusually_high',
  /** Consumption far below what is usual for this time of week, for a day or more. */
  unusuallyLow: 'unusually_low',
  /** The always-on load (night-time minimum) rose and stayed up, night after night. */
  baseLoadRise: 'base_load_rise',
  /** A load stayed on far longer than any load of its size has before. */
  longRunning: 'long_running',
  /** The device repeats the very same reading far longer than it ever has (a stuck sensor). */
  flatReadings: 'flat_readings',
  /** Readings that cannot be physically right (power above volts × amps, a voltage no mains has). */
  implausibleReadings: 'implausible_readings',
} as const;
export type FindingKind = (typeof FindingKind)[keyof typeof FindingKind];

/** `energy/{deviceId}/finding`: a finding, sent when it appears and again whenever it grows. */
export interface FindingMessage {
  device_id: string;
  kind: FindingKind;
  /** UTC ms, start inclusive, end exclusive. */
  start_ms: number;
  end_ms: number;
  /** Why, in words: "2.1 kWh in 3 h from Sat 24 Feb 14:00, usually 0.6 kWh on a Saturday afternoon." */
  sentence: string;
  observed: number;
  usual: number;
  unit: 'kWh' | 'W' | 'min';
  /** UTC ms the service computed it. */
  ts: number;
}

export interface HourForecastMessage {
  /** UTC ms of the hour's start. */
  start_ms: number;
  kwh: number;
  /** The 10 % and 90 % bounds. */
  low_kwh: number;
  high_kwh: number;
}

export interface DayForecastMessage {
  /** Site-local date, YYYY-MM-DD. */
  date: string;
  kwh: number;
  low_kwh: number;
  high_kwh: number;
}

/**
 * `energy/{deviceId}/forecast` and `energy/_site/forecast`, retained: the latest forecast, hourly
 * for the next 48 h and by site-local day to the end of the month (so it stays well under the
 * broker's 16 KiB payload limit).
 */
export interface ForecastMessage {
  device_id: string;
  /** UTC ms the forecast was made. */
  ts: number;
  /** The method chosen this hour and the sentence that explains it on screen. */
  method: string;
  method_sentence: string;
  hours: HourForecastMessage[];
  /** The rest of the month by local day (today's counts only its forecast hours); the band is the sum of the hourly bands. */
  days: DayForecastMessage[];
  /** The site-local calendar month: energy so far, and the projection to its end with its range. */
  month: { start_ms: number; end_ms: number; to_date_kwh: number; projected_kwh: number; low_kwh: number; high_kwh: number };
}

/** `energy/{deviceId}/appliance`: one appliance run and the signature it belongs to. */
export interface ApplianceRunMessage {
  device_id: string;
  start_ms: number;
  duration_ms: number;
  power_w: number;
  signature_id: string | null;
  /** The user's name for the signature, or its label ("fridge-like"). */
  label: string | null;
}

/** What a consumer of `energy/{id}/finding` accepts (the alert service refuses anything else, with the reason). */
export const findingMessageSchema = z.object({
  device_id: z.string().regex(DEVICE_ID_PATTERN, 'device_id must be a device id'),
  kind: z.enum(Object.values(FindingKind) as [FindingKind, ...FindingKind[]]),
  start_ms: z.number().int().nonnegative(),
  end_ms: z.number().int().nonnegative(),
  sentence: z.string().min(1).max(500),
  observed: z.number().refine(Number.isFinite, 'observed must be finite'),
  usual: z.number().refine(Number.isFinite, 'usual must be finite'),
  unit: z.enum(['kWh', 'W', 'min']),
  ts: z.number().int().nonnegative(),
}).refine((f) => f.end_ms >= f.start_ms, { message: 'end_ms must not be before start_ms', path: ['end_ms'] });
