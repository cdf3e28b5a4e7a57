import { DEFAULT_HA_ACCOUNT, DEFAULT_HA_DISCOVERY_PREFIX, HA_TOPIC_LEVEL_PATTERN } from '@energy/contracts';
import { envField, parseEnv } from '@energy/service-kit';
import { z } from 'zod';

/** Every variable the gateway reads. This file is the only place that touches process.env. */
export const gatewayEnvShape = {
  HTTP_PORT: envField.port(8080),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  MQTT_URL: envField.url(['mqtt', 'mqtts', 'ws', 'wss', 'tcp']).default('mqtt://127.0.0.1:1883'),
  MQTT_USERNAME: z.string().min(1).default('gateway'),
  MQTT_PASSWORD: z.string().optional(),
  DATABASE_URL: envField.url(['mysql']).optional(),
  SQLITE_PATH: z.string().min(1).default('.data/energy.sqlite'),
  LOG_LEVEL: envField.logLevel(),
  SITE_TIMEZONE: envField.timeZone('UTC'),
  /** Example values are refused (service-kit secret-strength), unless ALLOW_EXAMPLE_SECRETS marks a demo. */
  ADMIN_PASSWORD: envField.secret(12).pipe(z.string().max(200, 'must be at most 200 characters').optional()),
  SESSION_SECRET: envField.secret(32),
  /** Where a first start without ADMIN_PASSWORD writes the generated one (mode 0600, never to the log). */
  ADMIN_PASSWORD_FILE: z.string().min(1).default('.data/admin-password'),
  SESSION_TTL_HOURS: envField.positiveInt(12).refine((h) => h <= 24 * 30, 'must be at most 720 (30 days)'),
  ALLOW_ANONYMOUS_READ: envField.boolean(false),
  DASHBOARD_DIST: z.string().min(1).default('dashboard-angular/dist/dashboard-angular/browser'),
  MQTT_PUBLIC_HOST: z.string().min(1).optional(),
  MQTT_PUBLIC_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /**
   * When set, /metrics, /health with its checks and the OpenAPI JSON are served on this port only
   * (0: any free one), and the public port keeps a bare /health (issue 16). Unset: all on HTTP_PORT.
   */
  OPS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Set when the gateway runs behind a reverse proxy, so rate limits see the client's address. */
  TRUST_PROXY: envField.boolean(false),
  /** Live (SSE) streams: how often each one's session or key is checked again, and how many may be open, in all and per principal. */
  LIVE_RECHECK_MS: envField.positiveInt(30_000),
  LIVE_MAX_CLIENTS: envField.positiveInt(1_000),
  LIVE_MAX_PER_PRINCIPAL: envField.positiveInt(10),
  /** CSV exports running at once: in total, and per user, API key or anonymous address (issue 16). */
  EXPORT_MAX_CONCURRENT: envField.positiveInt(4),
  EXPORT_MAX_PER_PRINCIPAL: envField.positiveInt(2),
  /** An export whose client takes no data for this long is cut. */
  EXPORT_IDLE_TIMEOUT_MS: envField.positiveInt(30_000),
  /** Home Assistant MQTT discovery and the device state topic (issue 17); on in npm start. */
  HA_DISCOVERY: envField.boolean(false),
  /** Home Assistant's discovery prefix; the broker's HA_DISCOVERY_PREFIX must be the same. */
  HA_DISCOVERY_PREFIX: z.string().regex(HA_TOPIC_LEVEL_PATTERN, 'must be 1-64 letters, digits, _ or -').default(DEFAULT_HA_DISCOVERY_PREFIX),
  /** The integration account Home Assistant logs in with: its relay switches publish on svc/relay/{HA_ACCOUNT}/{device}/set. */
  HA_ACCOUNT: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must match [a-z0-9][a-z0-9_-]{0,63}').default(DEFAULT_HA_ACCOUNT),
  /** A device's state topic is published at most this often while readings arrive. */
  HA_STATE_INTERVAL_MS: envField.positiveInt(10_000),
  /** How often the published configs are compared with the devices table (devices added, renamed or revoked; one query). */
  HA_SYNC_MS: envField.positiveInt(10_000),
};

export interface GatewayConfig {
  http: { port: number; host: string; trustProxy: boolean; opsPort: number | undefined };
  mqtt: { url: string; username: string; password: string | undefined; publicHost: string; publicPort: number };
  database: { databaseUrl: string | undefined; sqlitePath: string };
  logLevel: string;
  siteTimeZone: string;
  auth: { adminPassword: string | undefined; adminPasswordFile: string; sessionSecret: string | undefined; sessionTtlMs: number; allowAnonymousRead: boolean };
  dashboardDist: string;
  exports: { maxConcurrent: number; maxPerPrincipal: number; idleTimeoutMs: number };
  live: { recheckMs: number; maxClients: number; maxPerPrincipal: number };
  homeAssistant: HomeAssistantConfig;
}

export interface HomeAssistantConfig {
  enabled: boolean;
  discoveryPrefix: string;
  account: string;
  stateIntervalMs: number;
  syncMs: number;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const e = parseEnv(gatewayEnvShape, env);
  const mqttUrl = new URL(e.MQTT_URL);
  return {
    http: { port: e.HTTP_PORT, host: e.HTTP_HOST, trustProxy: e.TRUST_PROXY, opsPort: e.OPS_PORT },
    mqtt: {
      url: e.MQTT_URL,
      username: e.MQTT_USERNAME,
      password: e.MQTT_PASSWORD,
      publicHost: e.MQTT_PUBLIC_HOST ?? (mqttUrl.hostname === '0.0.0.0' ? 'localhost' : mqttUrl.hostname),
      publicPort: e.MQTT_PUBLIC_PORT ?? (mqttUrl.port ? Number(mqttUrl.port) : 1883),
    },
    database: { databaseUrl: e.DATABASE_URL, sqlitePath: e.SQLITE_PATH },
    logLevel: e.LOG_LEVEL,
    siteTimeZone: e.SITE_TIMEZONE,
    auth: {
      adminPassword: e.ADMIN_PASSWORD,
      adminPasswordFile: e.ADMIN_PASSWORD_FILE,
      sessionSecret: e.SESSION_SECRET,
      sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
      allowAnonymousRead: e.ALLOW_ANONYMOUS_READ,
    },
    dashboardDist: e.DASHBOARD_DIST,
    live: { recheckMs: e.LIVE_RECHECK_MS, maxClients: e.LIVE_MAX_CLIENTS, maxPerPrincipal: e.LIVE_MAX_PER_PRINCIPAL },
    exports: { maxConcurrent: e.EXPORT_MAX_CONCURRENT, maxPerPrincipal: e.EXPORT_MAX_PER_PRINCIPAL, idleTimeoutMs: e.EXPORT_IDLE_TIMEOUT_MS },
    homeAssistant: { enabled: e.HA_DISCOVERY, discoveryPrefix: e.HA_DISCOVERY_PREFIX, account: e.HA_ACCOUNT, stateIntervalMs: e.HA_STATE_INTERVAL_MS, syncMs: e.HA_SYNC_MS },
  };
}
