import { envField, parseEnv } from '@energy/service-kit';
import { z } from 'zod';

const shape = {
  MQTT_URL: envField.url(['mqtt', 'mqtts', 'ws', 'wss']),
  MQTT_USERNAME: z.string().default('analytics'),
  MQTT_PASSWORD: z.string().optional(),
  MQTT_CLIENT_ID: z.string().default('analytics-service'),
  DATABASE_URL: envField.url(['mysql']).optional(),
  SQLITE_PATH: z.string().default('.data/energy.sqlite'),
  HTTP_PORT: envField.port(9105),
  HTTP_HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: envField.logLevel(),
  SITE_TIMEZONE: envField.timeZone('UTC'),
  /** How often forecasts and findings are recomputed (they read hour and minute rollups). */
  RECOMPUTE_EVERY_MS: envField.positiveInt(3_600_000),
  /** Weeks of rollups each recomputation reads (the forecaster and the baselines look back 8). */
  HISTORY_WEEKS: envField.positiveInt(8),
  /** Hours forecast at least (the rest of the month is forecast too). */
  FORECAST_HOURS: envField.positiveInt(48),
  /** Findings that ended longer ago than this are no longer published or listed as recent. */
  RECENT_FINDINGS_DAYS: envField.positiveInt(7),
};

export type AnalyticsEnv = z.infer<z.ZodObject<typeof shape>>;

export interface AnalyticsConfig {
  mqtt: { url: string; username: string; password?: string; clientId: string };
  database: { databaseUrl?: string; sqlitePath: string };
  http: { port: number; host: string };
  logLevel: string;
  siteTimeZone: string;
  recomputeEveryMs: number;
  historyWeeks: number;
  forecastHours: number;
  recentFindingsDays: number;
}

/** The one place that reads process.env; every problem names its variable. */
export function loadAnalyticsConfig(env: NodeJS.ProcessEnv = process.env): AnalyticsConfig {
  const e = parseEnv(shape, env);
  return {
    mqtt: { url: e.MQTT_URL, username: e.MQTT_USERNAME, password: e.MQTT_PASSWORD, clientId: e.MQTT_CLIENT_ID },
    database: { databaseUrl: e.DATABASE_URL, sqlitePath: e.SQLITE_PATH },
    http: { port: e.HTTP_PORT, host: e.HTTP_HOST },
    logLevel: e.LOG_LEVEL,
    siteTimeZone: e.SITE_TIMEZONE,
    recomputeEveryMs: e.RECOMPUTE_EVERY_MS,
    historyWeeks: e.HISTORY_WEEKS,
    forecastHours: e.FORECAST_HOURS,
    recentFindingsDays: e.RECENT_FINDINGS_DAYS,
  };
}
