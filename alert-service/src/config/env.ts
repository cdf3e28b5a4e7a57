import { E164_PATTERN, RELAY_COMMAND_MAX_TTL_MS } from '@energy/contracts';
import { envField, parseEnv } from '@energy/service-kit';
import { z } from 'zod';

const phone = z.string().regex(E164_PATTERN, { message: 'must be a phone number in international format such as +4915112345678' });

/** `+4915112345678=key,+33612345678=key`: CallMeBot gives each phone its own API key. */
const recipientKeys = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const keys = new Map<string, string>();
    for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [number, key] = pair.split('=');
      if (!number || !key || !E164_PATTERN.test(number)) {
        ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of +phone=apikey pairs' });
        return z.NEVER;
      }
      keys.set(number, key);
    }
    return keys;
  });

const shape = {
  MQTT_URL: envField.url(['mqtt', 'mqtts', 'ws', 'wss']),
  MQTT_USERNAME: z.string().default('alert'),
  /** At least 16 characters and no example value (issue 16). */
  MQTT_PASSWORD: envField.secret(16),
  MQTT_CLIENT_ID: z.string().default('alert-service'),
  DATABASE_URL: envField.url(['mysql']).optional(),
  SQLITE_PATH: z.string().default('.data/energy.sqlite'),
  HTTP_PORT: envField.port(9103),
  HTTP_HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: envField.logLevel(),
  SITE_TIMEZONE: envField.timeZone('UTC'),
  CALLMEBOT_BASE_URL: envField.url(['http', 'https']).default('https://api.callmebot.com'),
  CALLMEBOT_API_KEY: z.string().optional(),
  CALLMEBOT_PHONE: phone.optional(),
  CALLMEBOT_RECIPIENT_KEYS: recipientKeys,
  NOTIFY_TIMEOUT_MS: envField.positiveInt(10_000),
  NOTIFY_MAX_ATTEMPTS: envField.positiveInt(4),
  NOTIFY_BACKOFF_MS: envField.positiveInt(2_000),
  /** Per recipient: the least time between two messages, and the most messages per hour. */
  NOTIFY_MIN_INTERVAL_MS: z.coerce.number().int().min(0).default(3_000),
  NOTIFY_MAX_PER_HOUR: envField.positiveInt(30),
  /** How often offline rules, reminders and relay confirmations are checked. */
  EVALUATION_TICK_MS: envField.positiveInt(1_000),
  DAILY_ENERGY_CHECK_MS: envField.positiveInt(60_000),
  /** unusual_consumption: an alert clears once its findings have not grown for this long (the analytics service resends a growing finding every hour). */
  UNUSUAL_CLEAR_AFTER_MS: envField.positiveInt(2 * 3_600_000),
  /** Readings older than this (a device replaying its backlog) are history, not a live overload. */
  STALE_READING_MS: envField.positiveInt(300_000),
  SHED_CONFIRM_TIMEOUT_MS: envField.positiveInt(10_000),
  SHED_MAX_ATTEMPTS: envField.positiveInt(3),
  /**
   * How long a relay command may act after it was issued (its `expires_at`, issue 16). Devices refuse it
   * later, and the service re-sends it only until then; past it, an unconfirmed command has failed.
   */
  RELAY_COMMAND_TTL_MS: envField.positiveInt(30_000).pipe(z.number().max(RELAY_COMMAND_MAX_TTL_MS, `must be at most ${RELAY_COMMAND_MAX_TTL_MS} (one hour)`)),
  RULES_REFRESH_MS: envField.positiveInt(30_000),
};

export interface AlertConfig {
  mqtt: { url: string; username: string; password?: string; clientId: string };
  database: { databaseUrl?: string; sqlitePath: string };
  http: { port: number; host: string };
  logLevel: string;
  siteTimeZone: string;
  callMeBot: { baseUrl: string; apiKey?: string; defaultPhone?: string; recipientKeys: Map<string, string> };
  delivery: { timeoutMs: number; maxAttempts: number; backoffMs: number; minIntervalMs: number; maxPerHour: number };
  evaluation: { tickMs: number; dailyEnergyCheckMs: number; staleReadingMs: number; rulesRefreshMs: number; unusualClearAfterMs: number };
  shedding: { confirmTimeoutMs: number; maxAttempts: number };
  relay: { commandTtlMs: number };
}

/** The one place that reads process.env; every problem names its variable. */
export function loadAlertConfig(env: NodeJS.ProcessEnv = process.env): AlertConfig {
  const e = parseEnv(shape, env);
  return {
    mqtt: { url: e.MQTT_URL, username: e.MQTT_USERNAME, password: e.MQTT_PASSWORD, clientId: e.MQTT_CLIENT_ID },
    database: { databaseUrl: e.DATABASE_URL, sqlitePath: e.SQLITE_PATH },
    http: { port: e.HTTP_PORT, host: e.HTTP_HOST },
    logLevel: e.LOG_LEVEL,
    siteTimeZone: e.SITE_TIMEZONE,
    callMeBot: { baseUrl: e.CALLMEBOT_BASE_URL.replace(/\/+$/, ''), apiKey: e.CALLMEBOT_API_KEY, defaultPhone: e.CALLMEBOT_PHONE, recipientKeys: e.CALLMEBOT_RECIPIENT_KEYS },
    delivery: {
      timeoutMs: e.NOTIFY_TIMEOUT_MS,
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      backoffMs: e.NOTIFY_BACKOFF_MS,
      minIntervalMs: e.NOTIFY_MIN_INTERVAL_MS,
      maxPerHour: e.NOTIFY_MAX_PER_HOUR,
    },
    evaluation: { tickMs: e.EVALUATION_TICK_MS, dailyEnergyCheckMs: e.DAILY_ENERGY_CHECK_MS, staleReadingMs: e.STALE_READING_MS, rulesRefreshMs: e.RULES_REFRESH_MS, unusualClearAfterMs: e.UNUSUAL_CLEAR_AFTER_MS },
    shedding: { confirmTimeoutMs: e.SHED_CONFIRM_TIMEOUT_MS, maxAttempts: e.SHED_MAX_ATTEMPTS },
    relay: { commandTtlMs: e.RELAY_COMMAND_TTL_MS },
  };
}
