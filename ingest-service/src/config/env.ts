import { hostname } from 'node:os';
import { z } from 'zod';
import { DEFAULT_TELEMETRY_PARTITIONS, READING_LIMITS } from '@energy/contracts';
import { envField, parseEnv } from '@energy/service-kit';

/** The only place the ingest reads process.env. */
export function loadIngestConfig(env: NodeJS.ProcessEnv = process.env) {
  const raw = parseEnv(
    {
      MQTT_URL: envField.url(['mqtt', 'mqtts', 'ws', 'wss']).default('mqtt://127.0.0.1:1883'),
      MQTT_USERNAME: z.string().min(1).default('ingest'),
      /** At least 16 characters and no example value (issue 16): the broker refuses the ingest's account otherwise. */
      MQTT_PASSWORD: envField.secret(16),
      /** Stable per replica, so the broker keeps this replica's persistent QoS 1 session across restarts. */
      MQTT_CLIENT_ID: z.string().min(1).default(`ingest-${hostname()}`),
      /** Replicas that share one group split the devices between them (`$share/{group}/energy/+/reading`). */
      MQTT_SHARE_GROUP: z.string().regex(/^[a-z0-9_-]+$/, 'must be lowercase letters, digits, _ or -').optional(),
      DATABASE_URL: envField.url(['mysql']).optional(),
      SQLITE_PATH: z.string().default('.data/energy.sqlite'),
      HTTP_PORT: envField.port(9102),
      LOG_LEVEL: envField.logLevel(),
      SITE_TIMEZONE: envField.timeZone('UTC'),
      /**
       * Rows per transaction when readings queue up (a burst, a re-send after an outage); larger batches
       * cost less per row: a device's readings in one batch share its rollup rows, and each rollup row
       * is an upsert that costs MariaDB about as much as a reading's own row. At the steady 1 reading per
       * device per second the batch window (BATCH_MAX_MS), not this, decides the size.
       */
      BATCH_MAX_ROWS: envField.positiveInt(20_000).pipe(z.number().max(20_000, 'must be at most 20000')),
      /**
       * The longest a reading waits for its batch to start writing. At 1 reading per device per second a
       * batch holds each device once whatever the window, so a shorter one costs only a few more commits
       * and halves the wait (issue 15: p99 publish-to-commit under 250 ms at 10k readings/s).
       */
      BATCH_MAX_MS: envField.positiveInt(50),
      /** Concurrent writers; a device always uses the same one, so its readings stay in order. */
      WRITER_LANES: envField.positiveInt(1).pipe(z.number().max(16, 'must be at most 16')),
      /** Readings held while the database is slow or down; past this the ingest stops acknowledging. */
      BUFFER_MAX_ROWS: envField.positiveInt(200_000),
      /**
       * At most one ack per device per this window, and none held longer (acks are cumulative: a burst
       * of 30 readings from a device costs one or two acks). Well below the device's ack timeout (10 s).
       */
      ACK_WINDOW_MS: envField.positiveInt(1_000).pipe(z.number().max(5_000, 'must be at most 5000 (devices re-send after 10 s without an ack)')),
      /** Partitions of the internal telemetry stream `svc/{partition}/telemetry` (each keeps its devices in order). */
      TELEMETRY_PARTITIONS: envField.positiveInt(DEFAULT_TELEMETRY_PARTITIONS).pipe(z.number().max(99, 'must be at most 99')),
      /** A telemetry batch goes out at most this long after its first reading (live push latency). */
      TELEMETRY_BATCH_MS: envField.positiveInt(20).pipe(z.number().max(1_000, 'must be at most 1000')),
      /**
       * Also publish every reading on `energy/{id}/telemetry` for third-party subscribers. Off by
       * default: it is one more broker message per reading, which bench/ingest prices in broker and
       * ingest CPU (docs/scaling.md). The services read the batches either way.
       */
      TELEMETRY_PER_DEVICE: envField.boolean(false),
      RETENTION_DAYS: envField.positiveInt(365),
      MAX_PAYLOAD_BYTES: envField.positiveInt(16 * 1024),
      /** Device timestamps further in the future than this, or older than the max age, fall back to receive time. */
      MAX_CLOCK_SKEW_MS: envField.positiveInt(120_000),
      MAX_READING_AGE_MS: envField.positiveInt(7 * 24 * 3_600_000),
      MAX_INTEGRATION_GAP_MS: envField.positiveInt(5 * 60_000),
      /**
       * How far a reading's seq may jump above the highest its device sent since the ingest started
       * (issue 16): a device advances by one a reading and a seq block (1,000) a reboot. Further is
       * refused as `seq_jump`, since its oldest_seq would move the ack over readings the device holds.
       */
      MAX_SEQ_JUMP: envField.positiveInt(10_000_000),
      /**
       * The largest current the site's meters can carry, in A: a reading above it is refused as a unit
       * error (mA sent as A). Default: the largest ACS712 (30 A) with a margin.
       */
      MAX_CURRENT_A: z.coerce
        .number({ error: 'must be a number of amperes' })
        .positive('must be above 0')
        .max(READING_LIMITS.currentA.max, `must be at most ${READING_LIMITS.currentA.max} (the reading contract's limit)`)
        .default(32),
    },
    env,
  );
  return {
    mqtt: { url: raw.MQTT_URL, username: raw.MQTT_USERNAME, password: raw.MQTT_PASSWORD, clientId: raw.MQTT_CLIENT_ID, shareGroup: raw.MQTT_SHARE_GROUP },
    database: { databaseUrl: raw.DATABASE_URL, sqlitePath: raw.SQLITE_PATH },
    httpPort: raw.HTTP_PORT,
    logLevel: raw.LOG_LEVEL,
    timeZone: raw.SITE_TIMEZONE,
    batch: { maxRows: raw.BATCH_MAX_ROWS, maxMs: raw.BATCH_MAX_MS, bufferMaxRows: raw.BUFFER_MAX_ROWS, lanes: raw.WRITER_LANES },
    ackWindowMs: raw.ACK_WINDOW_MS,
    telemetry: { partitions: raw.TELEMETRY_PARTITIONS, windowMs: raw.TELEMETRY_BATCH_MS, perDeviceTopic: raw.TELEMETRY_PER_DEVICE },
    retentionDays: raw.RETENTION_DAYS,
    maxPayloadBytes: raw.MAX_PAYLOAD_BYTES,
    clock: { maxSkewMs: raw.MAX_CLOCK_SKEW_MS, maxAgeMs: raw.MAX_READING_AGE_MS },
    maxIntegrationGapMs: raw.MAX_INTEGRATION_GAP_MS,
    maxSeqJump: raw.MAX_SEQ_JUMP,
    meter: { maxCurrentA: raw.MAX_CURRENT_A },
  };
}

export type IngestConfig = ReturnType<typeof loadIngestConfig>;
