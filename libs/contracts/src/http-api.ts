import type { AlertRecord, AlertRule, AlertRuleSettings } from './alert';
import type { Telemetry } from './telemetry';

/**
 * Response shapes of the HTTP API (docs/api.md): the gateway returns them, the dashboard reads them
 * (type-only imports), so both sides agree by construction.
 */

export interface LoginResponse {
  token: string;
  /** UTC ms. */
  expiresAt: number;
  user: { username: string };
}

export type LastReading = Pick<Telemetry, 'ts' | 'voltage_v' | 'current_a' | 'power_w' | 'power_factor'>;

export interface Device {
  id: string;
  name: string;
  online: boolean;
  revoked: boolean;
  createdAt: number;
  lastReading: LastReading | null;
  todayKwh: number;
  relay: 'on' | 'off' | null;
}

export interface MqttSettings {
  host: string;
  port: number;
  username: string;
  password: string;
  clientId: string;
  topicPrefix: string;
}

export interface ProvisionResponse {
  device: Device;
  secret: string;
  mqtt: MqttSettings;
}

export type Resolution = 'raw' | 'minute' | 'hour' | 'day';

export interface Stat {
  avg: number;
  min: number;
  max: number;
}

export interface HistoryPoint {
  ts: number;
  n: number;
  voltage_v: Stat;
  current_a: Stat;
  power_w: Stat;
  energy_wh: number;
}

export interface HistoryResponse {
  resolution: Resolution;
  /** Width of a merged rollup point; null for raw readings and days. */
  bucketMs: number | null;
  from: number;
  to: number;
  series: { deviceId: string; points: HistoryPoint[] }[];
}

export type EnergyPeriod = 'hour' | 'day' | 'week' | 'month';

export interface EnergyBucket {
  start: number;
  label: string;
  kwh: number;
  cost: number;
}

export interface EnergyReport {
  period: EnergyPeriod;
  currency: string;
  buckets: EnergyBucket[];
  totalKwh: number;
  totalCost: number;
}

export interface EnergySummary {
  todayKwh: number;
  todayCost: number;
  monthToDateKwh: number;
  monthToDateCost: number;
  projectedMonthKwh: number;
  projectedMonthCost: number;
  currency: string;
}

export interface Tariff {
  currency: string;
  flatRatePerKwh: number;
  standingChargePerDay: number;
  timeOfUse: { from: string; to: string; ratePerKwh: number }[];
}

/** One alert message to one recipient: its latest attempt. */
export interface Delivery {
  event: string;
  channel: string;
  recipient: string;
  /** sent, retrying, failed, or rate_limited (not attempted). */
  status: string;
  attempts: number;
  lastError: string | null;
  at: number;
}

export type Alert = AlertRecord & { deliveries: Delivery[] };

export interface AlertFilter {
  device?: string;
  state?: 'active' | 'acknowledged' | 'cleared';
  from?: number;
  to?: number;
  limit?: number;
}

/** What the form sends: the stored rule without its bookkeeping fields. */
export type RuleInput = AlertRuleSettings;
export type Rule = AlertRule;

/** `event: status` of the live stream. */
export interface StatusEvent {
  device_id: string;
  status: 'online' | 'offline';
}

/** `event: relay` of the live stream. */
export interface RelayEvent {
  device_id: string;
  state: 'on' | 'off';
}

/** The gateway's error body. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}
