import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';
import { migrate, MysqlDatabase, type Database } from '@energy/db';
import { TEST_MYSQL_URL } from '@energy/db/testing';
import { createLogger } from '@energy/service-kit';
import { startGateway } from '@energy/api-gateway/app';
import { loadGatewayConfig } from '@energy/api-gateway/config';
import { machineLine, writeBenchmarkSection } from '../lib/benchmarks-doc';
import { describeMariaDb } from '../lib/machine';
import { percentile, round } from '../lib/stats';
import { loadHistory } from './load';

/**
 * bench/history: /api/v1/history latency for 1 hour, 1 day, 30 days and 90 days over 90 days of
 * 1 Hz readings per device, against the raw-table query that computes the same points, in the
 * same run on the same database. The data is loaded once through the ingest's batched write path
 * and kept (database `energy_bench_history`), so later runs only measure; --fresh reloads.
 */
const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '3' },
    days: { type: 'string', default: '90' },
    samples: { type: 'string', default: '40' },
    'raw-samples': { type: 'string', default: '3' },
    fresh: { type: 'boolean', default: false },
    'no-doc': { type: 'boolean', default: false },
    database: { type: 'string', default: 'energy_bench_history' },
  },
});
const DEVICES = Array.from({ length: Number(args.devices) }, (_, i) => `bench-${i + 1}`);
const DAYS = Number(args.days);
const SAMPLES = Number(args.samples);
const RAW_SAMPLES = Number(args['raw-samples']);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A fixed window, so a kept database is reused: 90 days ending 2026-11-01 00:00 UTC.
const DATA_END = Date.UTC(2026, 10, 1);
const DATA_START = DATA_END - DAYS * DAY;
const RANGES: [label: string, ms: number][] = [
  ['1 hour', HOUR],
  ['1 day', DAY],
  ['30 days', 30 * DAY],
  ['90 days', 90 * DAY],
];

async function openBenchDatabase(): Promise<{ db: Database; url: string }> {
  const admin = await mysql.createConnection(TEST_MYSQL_URL);
  if (args.fresh) await admin.query(`DROP DATABASE IF EXISTS \`${args.database}\``);
  await admin.query(`CREATE DATABASE IF NOT EXISTS \`${args.database}\` CHARACTER SET utf8mb4`);
  await admin.end();
  const url = new URL(TEST_MYSQL_URL);
  url.pathname = `/${args.database}`;
  const db = new MysqlDatabase(url.toString());
  await migrate(db);
  return { db, url: url.toString() };
}

/** The same points computed from the raw readings: what a system without rollups has to run. */
function rawEquivalent(db: Database, deviceIds: string[], from: number, to: number, resolution: string, bucketMs: number | null): Promise<unknown[]> {
  const devices = deviceIds.map(() => '?').join(', ');
  const stats = `COUNT(*) AS n, AVG(voltage_v), MIN(voltage_v), MAX(voltage_v), AVG(current_a), MIN(current_a), MAX(current_a),
    AVG(power_w), MIN(power_w), MAX(power_w), SUM(energy_delta_wh)`;
  if (resolution === 'raw') {
    return db.query(`SELECT device_id, ts_ms, voltage_v, current_a, power_w, energy_delta_wh FROM readings WHERE device_id IN (${devices}) AND ts_ms >= ? AND ts_ms < ? ORDER BY device_id, ts_ms`, [...deviceIds, from, to]);
  }
  if (resolution === 'day') {
    // The data is loaded with the site in UTC, so a site-local day is a UTC day.
    return db.query(`SELECT device_id, ts_ms - ts_ms % 86400000 AS d, ${stats} FROM readings WHERE device_id IN (${devices}) AND ts_ms >= ? AND ts_ms < ? GROUP BY device_id, d`, [...deviceIds, from, to]);
  }
  return db.query(`SELECT device_id, ts_ms - ts_ms % ? AS b, ${stats} FROM readings WHERE device_id IN (${devices}) AND ts_ms >= ? AND ts_ms < ? GROUP BY device_id, b`, [bucketMs!, ...deviceIds, from, to]);
}

async function main(): Promise<void> {
  const { db, url } = await openBenchDatabase();
  const load = await loadHistory(db, { deviceIds: DEVICES, startMs: DATA_START, days: DAYS, batchRows: 1000, timeZone: 'UTC' });
  await db.query('ANALYZE TABLE readings, rollup_minute, rollup_hour, rollup_day');
  const [{ rows }] = (await db.query<{ rows: number }>('SELECT COUNT(*) AS `rows` FROM readings')) as [{ rows: number }];
  process.stderr.write(`${Number(rows).toLocaleString('en')} readings for ${DEVICES.length} devices\n`);

  const password = 'bench-admin-password';
  const config = loadGatewayConfig({ HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', DATABASE_URL: url, ADMIN_PASSWORD: password, MQTT_URL: 'mqtt://127.0.0.1:9', LOG_LEVEL: 'silent', DASHBOARD_DIST: '/nonexistent' });
  const gateway = await startGateway(config, { database: db, logger: createLogger('api-gateway', 'silent') });
  const login = await fetch(`${gateway.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
  const { token } = (await login.json()) as { token: string };

  const results = [];
  for (const [label, rangeMs] of RANGES) {
    const api: number[] = [];
    const raw: number[] = [];
    let shape = { resolution: '', bucketMs: null as number | null, points: 0 };
    // `to` moves within the last day so no two samples ask the same question.
    const window = (i: number) => {
      const to = DATA_END - Math.floor(((i * 7919) % 1000) / 1000 * DAY);
      return { from: to - rangeMs, to };
    };
    for (let i = -3; i < SAMPLES; i++) {
      const { from, to } = window(i + 3);
      const started = performance.now();
      const res = await fetch(`${gateway.url}/api/v1/history?devices=${DEVICES.join(',')}&from=${from}&to=${to}`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { resolution: string; bucketMs: number | null; series: { points: unknown[] }[] };
      const elapsed = performance.now() - started;
      if (res.status !== 200) throw new Error(`history answered ${res.status}: ${JSON.stringify(body)}`);
      if (i >= 0) api.push(elapsed); // the first three warm up
      shape = { resolution: body.resolution, bucketMs: body.bucketMs, points: Math.max(...body.series.map((s) => s.points.length)) };
    }
    for (let i = 0; i < RAW_SAMPLES; i++) {
      const { from, to } = window(i);
      const started = performance.now();
      await rawEquivalent(db, DEVICES, from, to, shape.resolution, shape.bucketMs);
      raw.push(performance.now() - started);
      process.stderr.write(`  ${label}: raw query ${i + 1}/${RAW_SAMPLES} ${Math.round(raw.at(-1)!)} ms\n`);
    }
    const row = {
      label,
      ...shape,
      apiP50: percentile(api, 50),
      apiP95: percentile(api, 95),
      rawP50: percentile(raw, 50),
      rawP95: percentile(raw, 95),
    };
    results.push(row);
    process.stderr.write(`${label}: ${JSON.stringify(row)}\n`);
  }
  await gateway.close();
  await db.close();

  const fmt = (ms: number) => (ms >= 1000 ? `${round(ms / 1000, 2)} s` : `${round(ms, 1)} ms`);
  const table = [
    '| Range | Source (point width) | Points per series | API p50 | API p95 | Raw query p50 | Raw query p95 | Raw p50 / API p50 | p95 < 100 ms |',
    '|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.label} | ${r.resolution}${r.bucketMs ? ` (${r.bucketMs / 60_000} min)` : ''} | ${r.points} | ${fmt(r.apiP50)} | ${fmt(r.apiP95)} | ${fmt(r.rawP50)} | ${fmt(r.rawP95)} | ${round(r.rawP50 / r.apiP50, 0)}× | ${r.apiP95 < 100 ? 'yes' : 'no'} |`,
    ),
  ].join('\n');
  const markdown = `## History queries

\`node tools/run-ts.cjs bench/history/run.ts\` (options: \`--devices\`, \`--days\`, \`--samples\`, \`--raw-samples\`, \`--fresh\`). The data stays in the
MariaDB database \`energy_bench_history\` so a rerun only measures; \`--fresh\` reloads it.

${DEVICES.length} devices × ${DAYS} days of 1 Hz readings (${Number(rows).toLocaleString('en')} rows in MariaDB), loaded through the ingest's
batched write path (\`ReadingsRepository.insertBatch\`, 1000 rows a batch, rollups maintained on insert)${load.rows > 0 ? ` at ${Math.round(load.rows / load.seconds).toLocaleString('en')} rows/s` : ''}.
Each API figure is an HTTP \`GET /api/v1/history?devices=<all ${DEVICES.length}>&from&to\` (auto resolution) on the gateway, ${SAMPLES} samples after 3 warm-up requests,
\`to\` moving within the last day of data. The raw query computes the same points (same bucket width, min/max/avg, energy) with
\`GROUP BY\` over the \`readings\` table, ${RAW_SAMPLES} samples, in the same run on the same database.
Machine: ${machineLine()}. Database: ${await describeMariaDb(db)}, shared with whatever else the machine runs.

${table}

Target: p95 under 100 ms for every range, and the 90-day query at least 20× faster than the raw query.`;
  process.stdout.write(`${markdown}\n`);
  if (!args['no-doc']) writeBenchmarkSection('history', markdown);
}

main().catch((err) => {
  process.stderr.write(`bench/history failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
