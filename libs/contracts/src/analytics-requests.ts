import { z } from 'zod';
import type { FindingMessage, ForecastMessage } from './analytics';
import { DEVICE_ID_PATTERN, SITE_ID } from './topics';

/**
 * The gateway's requests to the analytics service over the bus (NestJS request/reply over MQTT,
 * replies on `{pattern}/reply`), as it asks the alert service: services talk through the broker
 * only, so no network path from the gateway to the analytics pod is needed (issue 18).
 */
export const analyticsPatterns = {
  forecast: 'svc/analytics/forecasts/get',
  forecastVsActual: 'svc/analytics/forecasts/past-week',
  findings: 'svc/analytics/findings/list',
  signatures: 'svc/analytics/signatures/list',
  renameSignature: 'svc/analytics/signatures/rename',
  consumers: 'svc/analytics/consumers/get',
} as const;

/** What the broker's ACL grants: the gateway publishes these, the analytics service answers on `…/reply`. */
export const ANALYTICS_REQUESTS_FILTER = 'svc/analytics/+/+';

/** Findings a reply carries at most: one bus message stays well inside the broker's 16 KiB. */
export const MAX_FINDINGS_PER_REPLY = 30;

const deviceId = z.string().regex(DEVICE_ID_PATTERN, 'must be a device id');
/** A device id, or `_site` for the whole site (forecasts only). */
const deviceOrSite = z.union([deviceId, z.literal(SITE_ID)]);
const signatureId = z.string().regex(/^sig-[0-9]+w-[0-9]+m$/, 'must be a signature id like sig-120w-15m');

export const analyticsDeviceRequestSchema = z.strictObject({ deviceId: deviceOrSite });
export type AnalyticsDeviceRequest = z.infer<typeof analyticsDeviceRequestSchema>;

export const analyticsFindingsRequestSchema = z.strictObject({
  deviceId: deviceId.optional(),
  /** Newest first; at most this many (the reply must fit in one bus message). */
  limit: z.number().int().min(1).max(MAX_FINDINGS_PER_REPLY).default(20),
});
export type AnalyticsFindingsRequest = z.input<typeof analyticsFindingsRequestSchema>;

export const analyticsSignaturesRequestSchema = z.strictObject({ deviceId });
export type AnalyticsSignaturesRequest = z.infer<typeof analyticsSignaturesRequestSchema>;

/** A user's name for a signature; null removes it. */
export const signatureNameSchema = z.union([z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'), z.null()]);
export const renameSignatureBodySchema = z.strictObject({ name: signatureNameSchema });
export const renameSignatureRequestSchema = z.strictObject({ deviceId, signatureId, name: signatureNameSchema });
export type RenameSignatureRequest = z.infer<typeof renameSignatureRequestSchema>;

export const analyticsConsumersRequestSchema = z.strictObject({ deviceId, hours: z.number().int().min(1).max(720).default(24) });
export type AnalyticsConsumersRequest = z.input<typeof analyticsConsumersRequestSchema>;

/** Every reply: `code` tells the gateway the HTTP status (invalid 400, not_found 404). */
export type AnalyticsReply<T> = { ok: true; value: T } | { ok: false; code: 'invalid' | 'not_found'; error: string };

export interface FindingsReply {
  findings: FindingMessage[];
  /** More recent findings exist than were sent. */
  truncated: boolean;
}

export type SignatureLabel = 'fridge-like' | 'kettle-like' | 'heater-like' | 'small load' | 'large load';

/** An appliance signature: runs alike in power and duration on one device's live stream. */
export interface SignatureView {
  /** Stable for the same power and duration: `sig-120w-15m`. */
  id: string;
  powerW: number;
  durationMs: number;
  /** Median time from one start to the next, when the runs recur regularly. */
  periodMs: number | null;
  label: SignatureLabel;
  /** The user's name for it, carried by later runs. */
  name: string | null;
  events: number;
  energyWh: number;
  /** "≈120 W, 15 min every 45 min: fridge-like" */
  sentence: string;
}

export interface ConsumerView {
  /** The signature's name, its label, "always on" or "everything else". */
  label: string;
  signatureId: string | null;
  energyWh: number;
  share: number;
}

export interface ConsumersView {
  deviceId: string;
  fromMs: number;
  toMs: number;
  /** Always-on power: the 2nd percentile of the period's minutes. */
  baseLoadW: number;
  energyWh: number;
  consumers: ConsumerView[];
}

/**
 * The past week hour by hour: what the forecaster said a day before each hour (as the hourly service
 * would have published it then) and what happened. Columns, not rows, so a week fits one bus message.
 */
export interface ForecastVsActual {
  device_id: string;
  /** UTC ms of the first hour; hour i starts at start_ms + i × 3,600,000. */
  start_ms: number;
  /** kWh per hour; null where the hour is unknown (fewer than 45 minutes) or had no forecast. */
  actual_kwh: Array<number | null>;
  forecast_kwh: Array<number | null>;
  low_kwh: Array<number | null>;
  high_kwh: Array<number | null>;
  /** Over the hours with both: mean absolute error, and the share of actual hours inside the band. */
  mae_kwh: number | null;
  band_coverage: number | null;
}

export type { FindingMessage, ForecastMessage };
