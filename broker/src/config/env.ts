import { DEFAULT_HA_DISCOVERY_PREFIX, DEFAULT_MAX_PAYLOAD_BYTES, HA_TOPIC_LEVEL_PATTERN } from '@energy/contracts';
import { SERVICE_ACCOUNT_NAMES } from '@energy/db';
import { ConfigError, envField, parseEnv } from '@energy/service-kit';
import { z } from 'zod';

/** 16 characters: `openssl rand -hex 16` gives 32, npm start generates 24. */
export const SERVICE_PASSWORD_MIN_LENGTH = 16;

/** The broker's configuration, validated once at start-up. Nothing else in broker/ reads process.env. */
const brokerEnv = {
  MQTT_HOST: z.string().default('0.0.0.0'),
  MQTT_PORT: envField.port(1883),
  MQTT_WS_PORT: envField.port(8083),
  MQTT_TLS_PORT: envField.port(8883),
  /** MQTT over WebSocket over TLS, with the same certificate. */
  MQTT_WSS_PORT: envField.port(8084),
  /** TLS and secure WebSocket listen only when both files are set. */
  MQTT_TLS_CERT_FILE: z.string().optional(),
  MQTT_TLS_KEY_FILE: z.string().optional(),
  /** No plaintext listener at all (MQTT_PORT, MQTT_WS_PORT): devices and services must use TLS. */
  MQTT_TLS_ONLY: envField.boolean(false),
  /** /health and /metrics. */
  HTTP_PORT: envField.port(9101),
  LOG_LEVEL: envField.logLevel(),
  DATABASE_URL: envField.url(['mysql']).optional(),
  SQLITE_PATH: z.string().default('.data/energy.sqlite'),
  /** A service account without a password cannot log in. Example values are refused (ALLOW_EXAMPLE_SECRETS for a demo). */
  MQTT_SERVICE_PASSWORD_INGEST: envField.secret(SERVICE_PASSWORD_MIN_LENGTH),
  MQTT_SERVICE_PASSWORD_ALERT: envField.secret(SERVICE_PASSWORD_MIN_LENGTH),
  MQTT_SERVICE_PASSWORD_GATEWAY: envField.secret(SERVICE_PASSWORD_MIN_LENGTH),
  MQTT_SERVICE_PASSWORD_ANALYTICS: envField.secret(SERVICE_PASSWORD_MIN_LENGTH),
  /** Home Assistant's discovery prefix (issue 17): integration accounts read under it, the gateway publishes configs there. Same value on the gateway. */
  HA_DISCOVERY_PREFIX: z.string().regex(HA_TOPIC_LEVEL_PATTERN, 'must be 1-64 letters, digits, _ or -').default(DEFAULT_HA_DISCOVERY_PREFIX),
  /** Demo only: clients without a username get in as read-only observers. */
  ALLOW_ANONYMOUS: envField.boolean(false),
  /** Largest PUBLISH payload accepted, in bytes. */
  MAX_PAYLOAD_BYTES: envField.positiveInt(DEFAULT_MAX_PAYLOAD_BYTES),
  /** Open sockets, authenticated or not. */
  MAX_CONNECTIONS: envField.positiveInt(10_000),
  /** Device ids are up to 64 characters; the rest leaves room for a `-suffix`/`:suffix`. */
  MAX_CLIENT_ID_LENGTH: envField.positiveInt(128),
  CONNECTS_PER_IP_PER_MINUTE: envField.positiveInt(600),
  /**
   * Failed log-ins (wrong or unknown credentials) one address may cause per minute; beyond it, its
   * CONNECTs are answered "server unavailable" without checking the secret. A success does not count.
   */
  AUTH_FAILURES_PER_IP_PER_MINUTE: envField.positiveInt(30),
  /** Secrets being checked (scrypt) at once; beyond it, CONNECT gets "server unavailable" at once. */
  MAX_CONCURRENT_AUTH: envField.positiveInt(8),
  /** Distinct filters one connection may hold; beyond it SUBACK 0x80 for the filter. */
  MAX_SUBSCRIPTIONS_PER_CLIENT: envField.positiveInt(100),
  /** QoS 1 messages kept for one offline device or observer session; later ones are dropped for it (services are exempt). */
  MAX_QUEUED_PER_SESSION: envField.positiveInt(1_000),
  /** A device or observer session offline this long is dropped: subscriptions and queue (services are exempt). */
  SESSION_EXPIRY_MS: envField.positiveInt(24 * 3_600_000),
  /** How often revocations and rotations made elsewhere (gateway, CLI) are looked for: revoked clients are disconnected. */
  REVOCATION_CHECK_MS: envField.positiveInt(10_000),
  /** A socket that sends no complete CONNECT within this time is closed. */
  CONNECT_TIMEOUT_MS: envField.positiveInt(10_000),
  /** Largest keep-alive a client may ask for; 0 (never time out) counts as above it. */
  KEEPALIVE_LIMIT_S: envField.positiveInt(1_200),
  /** Set on every node of a cluster: messages, sessions, retained messages and shared-subscription membership go through Redis. Unset: all in memory. */
  REDIS_URL: envField.url(['redis', 'rediss']).optional(),
  /** Prefix of every Redis key and channel, so several clusters can share one Redis. */
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits or _ . : -').default('energy:'),
  /** A node that has not refreshed its membership announcement for this long counts as gone. */
  CLUSTER_NODE_TTL_MS: envField.positiveInt(5_000).pipe(z.number().min(1_000, 'must be at least 1000')),
};

/** The reserved names (libs/db account-names.ts): no device or observer may take them or their `-` prefix. */
export const SERVICE_ACCOUNTS = SERVICE_ACCOUNT_NAMES;
export type ServiceAccount = (typeof SERVICE_ACCOUNTS)[number];

export interface BrokerConfig {
  host: string;
  mqttPort: number;
  wsPort: number;
  /** null: no TLS listeners. `only`: no plaintext listeners either. */
  tls: { port: number; wssPort: number; certFile: string; keyFile: string; only: boolean } | null;
  httpPort: number;
  logLevel: string;
  database: { databaseUrl?: string; sqlitePath: string };
  servicePasswords: Partial<Record<ServiceAccount, string>>;
  allowAnonymous: boolean;
  /** Home Assistant's discovery prefix; absent: `homeassistant`. */
  haDiscoveryPrefix?: string;
  limits: BrokerLimits;
  /** null or absent: a single node, everything in memory. */
  cluster?: ClusterConfig | null;
}

export interface ClusterConfig {
  redisUrl: string;
  keyPrefix: string;
  nodeTtlMs: number;
  /** How long start-up waits for Redis before giving up. */
  connectTimeoutMs: number;
}

export interface BrokerLimits {
  maxPayloadBytes: number;
  maxConnections: number;
  maxClientIdLength: number;
  connectsPerIpPerMinute: number;
  authFailuresPerIpPerMinute: number;
  maxConcurrentAuth: number;
  maxSubscriptionsPerClient: number;
  maxQueuedPerSession: number;
  sessionExpiryMs: number;
  revocationCheckMs: number;
  connectTimeoutMs: number;
  keepaliveLimitS: number;
}

export function loadBrokerConfig(env: NodeJS.ProcessEnv = process.env): BrokerConfig {
  const e = parseEnv(brokerEnv, env);
  const certFile = e.MQTT_TLS_CERT_FILE;
  const keyFile = e.MQTT_TLS_KEY_FILE;
  if (Boolean(certFile) !== Boolean(keyFile)) {
    // Half a TLS configuration is a deployment mistake, not a reason to run silently without TLS.
    throw new ConfigError([`${certFile ? 'MQTT_TLS_KEY_FILE' : 'MQTT_TLS_CERT_FILE'}: MQTT_TLS_CERT_FILE and MQTT_TLS_KEY_FILE must be set together`]);
  }
  if (e.MQTT_TLS_ONLY && !certFile) throw new ConfigError(['MQTT_TLS_ONLY: needs MQTT_TLS_CERT_FILE and MQTT_TLS_KEY_FILE (TLS only, without a certificate, would listen on nothing)']);
  return {
    host: e.MQTT_HOST,
    mqttPort: e.MQTT_PORT,
    wsPort: e.MQTT_WS_PORT,
    tls: certFile && keyFile ? { port: e.MQTT_TLS_PORT, wssPort: e.MQTT_WSS_PORT, certFile, keyFile, only: e.MQTT_TLS_ONLY } : null,
    httpPort: e.HTTP_PORT,
    logLevel: e.LOG_LEVEL,
    database: { databaseUrl: e.DATABASE_URL, sqlitePath: e.SQLITE_PATH },
    servicePasswords: {
      ingest: e.MQTT_SERVICE_PASSWORD_INGEST,
      alert: e.MQTT_SERVICE_PASSWORD_ALERT,
      gateway: e.MQTT_SERVICE_PASSWORD_GATEWAY,
      analytics: e.MQTT_SERVICE_PASSWORD_ANALYTICS,
    },
    allowAnonymous: e.ALLOW_ANONYMOUS,
    haDiscoveryPrefix: e.HA_DISCOVERY_PREFIX,
    limits: {
      maxPayloadBytes: e.MAX_PAYLOAD_BYTES,
      maxConnections: e.MAX_CONNECTIONS,
      maxClientIdLength: e.MAX_CLIENT_ID_LENGTH,
      connectsPerIpPerMinute: e.CONNECTS_PER_IP_PER_MINUTE,
      authFailuresPerIpPerMinute: e.AUTH_FAILURES_PER_IP_PER_MINUTE,
      maxConcurrentAuth: e.MAX_CONCURRENT_AUTH,
      maxSubscriptionsPerClient: e.MAX_SUBSCRIPTIONS_PER_CLIENT,
      maxQueuedPerSession: e.MAX_QUEUED_PER_SESSION,
      sessionExpiryMs: e.SESSION_EXPIRY_MS,
      revocationCheckMs: e.REVOCATION_CHECK_MS,
      connectTimeoutMs: e.CONNECT_TIMEOUT_MS,
      keepaliveLimitS: e.KEEPALIVE_LIMIT_S,
    },
    cluster: e.REDIS_URL ? { redisUrl: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX, nodeTtlMs: e.CLUSTER_NODE_TTL_MS, connectTimeoutMs: 10_000 } : null,
  };
}
