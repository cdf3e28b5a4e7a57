import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { migrate, MysqlDatabase } from '@energy/db';
import { TEST_MYSQL_URL } from '@energy/db/testing';
import { ProgressLine } from '@energy/service-kit';
import { ServiceProcess, Stack } from '@energy/stack';
import { loadIngestConfig } from '@energy/ingest-service/config';
import { SCALING_DOC, writeBenchmarkSection, writeDocSection } from '../lib/benchmarks-doc';
import { CommitWatcher } from '../lib/commit-watcher';
import { CpuMeter } from '../lib/cpu-time';
import { LoadGenerator } from '../lib/load-generator';
import { coreCount, loadAverages, MachineCpu, machineDescription } from '../lib/machine';
import { mosquittoVersion, startMosquitto } from '../lib/mosquitto';
import { startPrivateMariaDb, type PrivateMariaDb } from '../lib/private-mariadb';
import { seedDevices } from '../lib/seed-devices';
import { median, percentile, round } from '../lib/stats';

/**
 * bench/ingest: readings from publish to committed row through our broker + ingest + MariaDB, side by
 * side with the reference (Mosquitto + a minimal batched-INSERT subscriber) in the same run, the
 * systems alternating round after round. Per run: throughput, publish-to-commit latency, and the CPU
 * each process of the path spent per committed reading. The steady load runs twice, the second time
 * beside a CPU-bound competitor. Every figure the docs show is printed by this script.
 */
const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '20' },
    'burst-devices': { type: 'string', default: '1000' },
    'burst-per-device': { type: 'string', default: '30' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '20' },
    /** Use the MariaDB at TEST_MYSQL_URL instead of a server of the bench's own (its CPU then includes whatever else it serves). */
    'shared-db': { type: 'boolean', default: false },
    'no-doc': { type: 'boolean', default: false },
  },
});
const DEVICES = Number(args.devices);
const SECONDS = Number(args.seconds);
const BURST_DEVICES = Number(args['burst-devices']);
const BURST_PER_DEVICE = Number(args['burst-per-device']);
const ROUNDS = Number(args.rounds);
const CONNECTIONS = Number(args.connections);
const COMMAND = `node tools/run-ts.cjs bench/ingest/run.ts --devices ${DEVICES} --seconds ${SECONDS} --burst-devices ${BURST_DEVICES} --burst-per-device ${BURST_PER_DEVICE} --rounds ${ROUNDS}${args['shared-db'] ? ' --shared-db' : ''}`;

const TARGETS = { burstRatio: 0.5, burstRatioStretch: 0.7, cpuRatio: 2, steadyP99Ms: 250, steadyCompetitorP99Ms: 1_000 };
const PROCESSES = ['load generator', 'broker', 'consumer', 'MariaDB'] as const;
type ProcessName = (typeof PROCESSES)[number];
type Kind = 'burst' | 'steady' | 'competitor';
/** A short steady run before measuring (not reported). */
type RunKind = Kind | 'warm-up';
type SystemName = 'reference' | 'ours' | 'variant';

interface RunResult {
  published: number;
  committed: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU seconds each process of the path used during the run. */
  cpu: Partial<Record<ProcessName | 'competitor', number>>;
  /** Busy core-seconds of the whole machine during the run, and the run's length. */
  machine: { busySeconds: number; elapsedSeconds: number } | null;
  /** MariaDB's row operations during the run (SHOW GLOBAL STATUS; a private server's are this run's). */
  rows: RowOps | null;
}
/** Rows MariaDB inserted and updated (InnoDB handler calls), e.g. a reading's row and its rollup upserts. */
interface RowOps {
  written: number;
  updated: number;
}
interface System {
  name: SystemName;
  label: string;
  generator: LoadGenerator;
  watcher: () => CommitWatcher;
  /** Reads MariaDB's server-wide row counters. */
  rowOps: () => Promise<RowOps>;
  pids: Record<ProcessName, number | null | undefined>;
  kinds: Kind[];
}

const progress = new ProgressLine();
const log = (text: string) => progress.done(text);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One process that keeps one core busy, as another program on the machine would. */
function startCompetitor(): ChildProcess {
  return spawn('yes', [], { stdio: 'ignore' });
}

async function measure(system: System, kind: RunKind, deviceIds: string[]): Promise<RunResult> {
  const competitor = kind === 'competitor' ? startCompetitor() : null;
  if (competitor) await sleep(500);
  const watcher = system.watcher();
  await watcher.start();
  const rowsBefore = await system.rowOps();
  const cpu = new CpuMeter({ ...system.pids, competitor: competitor?.pid });
  const machine = new MachineCpu();
  cpu.start();
  machine.start();
  const before = system.generator.published;
  const started = Date.now();
  const ticker = setInterval(() => progress.update(`${system.label} ${kind}: published ${system.generator.published - before}, committed ${watcher.seen}`), 500);
  try {
    if (kind === 'burst') await system.generator.burst(deviceIds, BURST_PER_DEVICE);
    else await system.generator.steady(deviceIds, kind === 'warm-up' ? Math.min(5, SECONDS) : SECONDS);
    const published = system.generator.published - before;
    await watcher.waitFor(published, 120_000);
    await sleep(300); // anything beyond `published` would be a duplicate
    await watcher.stop();
    const cpuUsed = cpu.stop() as RunResult['cpu'];
    const machineUsed = machine.stop();
    const rowsAfter = await system.rowOps();
    const elapsedS = ((watcher.lastSeenMs ?? Date.now()) - started) / 1000;
    const result: RunResult = {
      published,
      committed: watcher.seen,
      perSecond: round(watcher.seen / elapsedS, 0),
      p50Ms: round(median(watcher.latenciesMs), 0),
      p99Ms: round(percentile(watcher.latenciesMs, 99), 0),
      cpu: cpuUsed,
      machine: machineUsed,
      rows: args['shared-db'] ? null : { written: rowsAfter.written - rowsBefore.written, updated: rowsAfter.updated - rowsBefore.updated },
    };
    log(`${system.label.padEnd(28)} ${kind.padEnd(10)} published ${published}, committed ${result.committed}, ${result.perSecond}/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
    return result;
  } finally {
    clearInterval(ticker);
    competitor?.kill('SIGKILL');
  }
}

/** The two databases of the run (ours, and ours with per-device telemetry the other way: the same device ids and seqs), on one server. */
async function databases(): Promise<{ url: string; variantUrl: string; pid: number | null; description: string; stop(): Promise<void> }> {
  const names = ['energy_bench_ingest', 'energy_bench_ingest_variant'];
  let server: PrivateMariaDb | null = null;
  let base: string;
  let description: string;
  if (args['shared-db']) {
    base = new URL('/', TEST_MYSQL_URL).toString();
    description = 'the shared MariaDB at TEST_MYSQL_URL (its CPU includes everything else it serves)';
  } else {
    server = await startPrivateMariaDb();
    base = server.url;
    description = `${server.description}, a server of the bench's own on the same machine, so its CPU is this run's alone`;
  }
  const admin = await mysql.createConnection(base);
  for (const name of names) {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
  }
  await admin.end();
  return {
    url: `${base}${names[0]}`,
    variantUrl: `${base}${names[1]}`,
    pid: server?.pid ?? null,
    description,
    stop: async () => {
      if (server) return server.stop();
      const conn = await mysql.createConnection(base);
      for (const name of names) await conn.query(`DROP DATABASE IF EXISTS ${name}`);
      await conn.end();
    },
  };
}

async function prepare(url: string, ids: readonly string[], withReference: boolean): Promise<void> {
  const setup = new MysqlDatabase(url, 2);
  try {
    await migrate(setup);
    await seedDevices(setup, ids);
    if (withReference) {
      await setup.execute(
        'CREATE TABLE ref_readings (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, device_id VARCHAR(64) NOT NULL, seq BIGINT UNSIGNED NOT NULL, ts_ms BIGINT NOT NULL, voltage_v DOUBLE, current_a DOUBLE, power_w DOUBLE, UNIQUE KEY (device_id, seq)) ENGINE=InnoDB',
      );
    }
  } finally {
    await setup.close();
  }
}

async function main(): Promise<void> {
  const startedMs = Date.now();
  const loadAtStart = loadAverages();
  const db = await databases();
  const ids = Array.from({ length: Math.max(DEVICES, BURST_DEVICES) }, (_, i) => `bench-${String(i + 1).padStart(5, '0')}`);
  await prepare(db.url, ids, true);
  await prepare(db.variantUrl, ids, false);

  const mosquitto = await startMosquitto();
  const reference = new ServiceProcess({ name: 'reference', entry: 'bench/ingest/reference-subscriber.ts', args: [mosquitto.url, db.url], env: {} }, () => undefined);
  await reference.start();
  await sleep(1500);

  // Ours as configured by default, and a second stack with the per-device telemetry topic the other way, to price it.
  const perDeviceByDefault = loadIngestConfig({}).telemetry.perDeviceTopic;
  const startOurs = (perDevice: boolean, databaseUrl: string) =>
    Stack.start({
      database: { databaseUrl, sqlitePath: '' },
      services: ['broker', 'ingest'],
      logLevel: 'warn',
      env: { broker: { MAX_CONNECTIONS: '20000' }, ingest: { TELEMETRY_PER_DEVICE: String(perDevice) } },
    });
  const ours = await startOurs(perDeviceByDefault, db.url);
  const variant = await startOurs(!perDeviceByDefault, db.variantUrl);
  const watcherDb = new MysqlDatabase(db.url, 2);
  const variantWatcherDb = new MysqlDatabase(db.variantUrl, 2);
  const rowOps = async (): Promise<RowOps> => {
    const status = await watcherDb.query<{ Variable_name: string; Value: string }>("SHOW GLOBAL STATUS WHERE Variable_name IN ('Handler_write', 'Handler_update')");
    const value = (name: string) => Number(status.find((row) => row.Variable_name === name)?.Value ?? 0);
    return { written: value('Handler_write'), updated: value('Handler_update') };
  };
  const shape = await tableShapes(watcherDb);
  const oursGenerator = (stack: Stack, label: string) =>
    LoadGenerator.connect({ url: stack.urls.mqtt, username: 'gateway', password: stack.servicePasswords.gateway }, CONNECTIONS, label);
  const stackPids = (stack: Stack): System['pids'] => ({
    'load generator': process.pid,
    broker: stack.processes.get('broker')?.pid,
    consumer: stack.processes.get('ingest')?.pid,
    MariaDB: db.pid,
  });
  const perDeviceWord = (on: boolean) => (on ? 'with' : 'without');
  const systems: System[] = [
    {
      name: 'reference',
      label: 'reference',
      generator: await LoadGenerator.connect({ url: mosquitto.url }, CONNECTIONS, 'ref'),
      // One writer per system (the subscriber writes one batch at a time, the ingest one lane): rows commit in id order.
      watcher: () => new CommitWatcher(watcherDb, 'ref_readings', 0),
      rowOps,
      pids: { 'load generator': process.pid, broker: mosquitto.pid, consumer: reference.pid, MariaDB: db.pid },
      kinds: ['burst', 'steady', 'competitor'],
    },
    {
      name: 'ours',
      label: `ours (${perDeviceWord(perDeviceByDefault)} per-device telemetry)`,
      generator: await oursGenerator(ours, 'ours'),
      watcher: () => new CommitWatcher(watcherDb, 'readings', 0),
      rowOps,
      pids: stackPids(ours),
      kinds: ['burst', 'steady', 'competitor'],
    },
    {
      name: 'variant',
      label: `ours (${perDeviceWord(!perDeviceByDefault)} per-device telemetry)`,
      generator: await oursGenerator(variant, 'variant'),
      watcher: () => new CommitWatcher(variantWatcherDb, 'readings', 0),
      rowOps,
      pids: stackPids(variant),
      kinds: ['burst'],
    },
  ];
  const results = new Map<SystemName, Record<Kind, RunResult[]>>(systems.map((s) => [s.name, { burst: [], steady: [], competitor: [] }]));
  try {
    // Unmeasured: every process of every path warms up (JIT, caches, the ingest's per-device state) as in production.
    for (const system of systems) {
      await measure(system, 'burst', ids.slice(0, BURST_DEVICES));
      await measure(system, 'warm-up', ids.slice(0, DEVICES));
    }
    for (let r = 1; r <= ROUNDS; r++) {
      for (const system of r % 2 ? systems : [...systems].reverse()) {
        for (const kind of system.kinds) {
          const devices = kind === 'burst' ? ids.slice(0, BURST_DEVICES) : ids.slice(0, DEVICES);
          results.get(system.name)![kind].push(await measure(system, kind, devices));
        }
      }
    }
  } finally {
    await Promise.all(systems.map((s) => s.generator.close()));
    await ours.stop();
    await variant.stop();
    await reference.stop();
    await mosquitto.stop();
    await watcherDb.close();
    await variantWatcherDb.close();
    await db.stop();
  }
  const loadAtEnd = loadAverages();
  const minutes = round((Date.now() - startedMs) / 60_000, 1);

  const runs = (name: SystemName, kind: Kind) => results.get(name)![kind];
  const summary = (name: SystemName, kind: Kind) => {
    const list = runs(name, kind);
    return {
      perSecond: median(list.map((r) => r.perSecond)),
      p50Ms: median(list.map((r) => r.p50Ms)),
      p99Ms: median(list.map((r) => r.p99Ms)),
      lost: list.reduce((sum, r) => sum + Math.max(0, r.published - r.committed), 0),
      extra: list.reduce((sum, r) => sum + Math.max(0, r.committed - r.published), 0),
    };
  };
  /** Median CPU µs per committed reading of one process over a system's runs of one kind. */
  const cpuUs = (name: SystemName, kind: Kind, p: ProcessName | 'competitor'): number | null => {
    const values = runs(name, kind)
      .filter((r) => r.cpu[p] !== undefined)
      .map((r) => (r.cpu[p]! / Math.max(1, r.committed)) * 1e6);
    return values.length ? round(median(values), 1) : null;
  };
  /** Median MariaDB row inserts (Handler_write) and updates (Handler_update) per committed reading. */
  const rowsPer = (name: SystemName, kind: Kind, op: keyof RowOps): number | null => {
    const values = runs(name, kind)
      .filter((r) => r.rows)
      .map((r) => r.rows![op] / Math.max(1, r.committed));
    return values.length ? round(median(values), 2) : null;
  };
  const cpuTotal = (name: SystemName, kind: Kind) => round(PROCESSES.reduce((sum, p) => sum + (cpuUs(name, kind, p) ?? 0), 0), 1);
  /** Of the machine's busy CPU during a system's runs of one kind, the share not spent by the processes measured (median over runs). */
  const outside = (name: SystemName, kind: Kind): string => {
    const shares = runs(name, kind)
      .filter((r) => r.machine)
      .map((r) => {
        const path = PROCESSES.reduce((sum, p) => sum + (r.cpu[p] ?? 0), 0) + (r.cpu.competitor ?? 0);
        return Math.max(0, r.machine!.busySeconds - path) / r.machine!.elapsedSeconds;
      });
    return shares.length ? `${round(median(shares), 2)}` : 'not measurable (no /proc)';
  };

  const ref = { burst: summary('reference', 'burst'), steady: summary('reference', 'steady'), competitor: summary('reference', 'competitor') };
  const our = { burst: summary('ours', 'burst'), steady: summary('ours', 'steady'), competitor: summary('ours', 'competitor') };
  // Targets are judged on the unrounded ratios, and shown to 3 decimals, so a 0.496 is not shown as a met 0.5.
  const burstRatio = our.burst.perSecond / ref.burst.perSecond;
  const cpuRatio = cpuTotal('ours', 'burst') / cpuTotal('reference', 'burst');
  const steadyCpuRatio = cpuTotal('ours', 'steady') / cpuTotal('reference', 'steady');
  const ratio = (x: number) => `${round(x, 3)}×`;
  const yes = (met: boolean) => (met ? 'met' : '**not met**');
  const competitorCores = median(runs('ours', 'competitor').map((r) => (r.cpu.competitor ?? 0) / Math.max(0.001, r.machine?.elapsedSeconds ?? 1)));
  const variantDelta = (p: ProcessName) => round((cpuUs('variant', 'burst', p) ?? 0) - (cpuUs('ours', 'burst', p) ?? 0), 1);
    // Broker and ingest only: the load generator and MariaDB do the same work either way.
  const perDeviceSign = perDeviceByDefault ? -1 : 1;
  const perDeviceCost = round(perDeviceSign * (variantDelta('broker') + variantDelta('consumer')), 1);

  const row = (load: string, system: string, s: ReturnType<typeof summary>) => `| ${load} | ${system} | ${s.perSecond} | ${s.p50Ms} | ${s.p99Ms} | ${s.lost} | ${s.extra} |`;
  const cpuRow = (p: ProcessName, title: string) =>
    `| ${title} | ${cpuUs('reference', 'burst', p) ?? 'n/a'} | ${cpuUs('ours', 'burst', p) ?? 'n/a'} | ${cpuUs('variant', 'burst', p) ?? 'n/a'} | ${cpuUs('reference', 'steady', p) ?? 'n/a'} | ${cpuUs('ours', 'steady', p) ?? 'n/a'} |`;
  const oursLabel = systems[1]!.label;
  const variantLabel = systems[2]!.label;

  const markdown = `## Ingest: publish to committed row

Command: \`${COMMAND}\` (${minutes} min).
Machine: ${machineDescription()}. Load average ${loadAtStart} at the start and ${loadAtEnd} at the end (1 / 5 / 15 min, ${coreCount()} cores); during the runs, processes outside the path measured kept ${outside('ours', 'burst')} cores busy (median over ours' burst runs; ${outside('reference', 'burst')} over the reference's).
Database: ${db.description}. Each system first runs one burst and a 5 s steady load unmeasured (warm-up), then ${ROUNDS === 1 ? 'one round' : `${ROUNDS} rounds, of which the medians are shown`}; the systems run alternately.

- **Ours**: our Aedes broker (auth, ACL, packet limits) -> ingest (compiled schema validation, batching, rollups, coalesced acks, batched telemetry${perDeviceByDefault ? ' and per-device telemetry' : ''}) -> MariaDB.
- **Reference**: Mosquitto ${mosquittoVersion()} -> one mqtt.js subscriber doing \`INSERT IGNORE\` of 500 rows or every 50 ms, no validation, no rollups, no acks.
- Load: ${DEVICES.toLocaleString('en')} device ids at 1 reading/s each for ${SECONDS} s (steady), and ${BURST_DEVICES.toLocaleString('en')} devices × ${BURST_PER_DEVICE} readings at once (burst), QoS 0 as the ESP32 publishes, over ${CONNECTIONS} pooled connections (see bench/lib/load-generator.ts for why).
- The steady load runs a second time beside \`yes > /dev/null\`, a CPU-bound process that kept ${round(competitorCores, 2)} cores busy (median).
- Latency is from the publish time stamped in the payload to the row being seen committed by a 20 ms poller (its queries run in the load generator's process and on MariaDB, for both systems).

| load | system | readings/s | p50 ms | p99 ms | lost | duplicated |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
${row('burst', 'reference', ref.burst)}
${row('burst', 'ours', our.burst)}
${row('steady', 'reference', ref.steady)}
${row('steady', 'ours', our.steady)}
${row('steady + competitor', 'reference', ref.competitor)}
${row('steady + competitor', 'ours', our.competitor)}

| target (issue 15) | measured | |
| --- | --- | --- |
| burst throughput ≥ ${TARGETS.burstRatio}× the reference (stretch ${TARGETS.burstRatioStretch}×) | ${ratio(burstRatio)} | ${yes(burstRatio >= TARGETS.burstRatio)}${burstRatio >= TARGETS.burstRatioStretch ? ', stretch met' : ''} |
| CPU per committed reading, all processes, ≤ ${TARGETS.cpuRatio}× the reference's (burst) | ${cpuTotal('ours', 'burst')} µs vs ${cpuTotal('reference', 'burst')} µs: ${ratio(cpuRatio)} | ${yes(cpuRatio <= TARGETS.cpuRatio)} |
| the same at the steady load (one reading per device per batch) | ${cpuTotal('ours', 'steady')} µs vs ${cpuTotal('reference', 'steady')} µs: ${ratio(steadyCpuRatio)} | ${yes(steadyCpuRatio <= TARGETS.cpuRatio)} |
| steady p99 publish-to-commit < ${TARGETS.steadyP99Ms} ms | ${our.steady.p99Ms} ms | ${yes(our.steady.p99Ms < TARGETS.steadyP99Ms)} |
| steady p99 beside the competitor < ${TARGETS.steadyCompetitorP99Ms} ms | ${our.competitor.p99Ms} ms | ${yes(our.competitor.p99Ms < TARGETS.steadyCompetitorP99Ms)} |
| nothing lost or duplicated | ${our.burst.lost + our.steady.lost + our.competitor.lost} lost, ${our.burst.extra + our.steady.extra + our.competitor.extra} duplicated | ${yes(our.burst.lost + our.steady.lost + our.competitor.lost + our.burst.extra + our.steady.extra + our.competitor.extra === 0)} |

CPU per committed reading (median µs, from /proc), in the burst runs and in the quiet steady runs:

| process | burst: reference | burst: ${oursLabel} | burst: ${variantLabel} | steady: reference | steady: ours |
| --- | ---: | ---: | ---: | ---: | ---: |
${cpuRow('load generator', 'load generator (and the commit poller)')}
${cpuRow('broker', 'broker (Mosquitto / our Aedes)')}
${cpuRow('consumer', 'subscriber (reference) / ingest (ours)')}
${cpuRow('MariaDB', 'MariaDB')}
| **total** | **${cpuTotal('reference', 'burst')}** | **${cpuTotal('ours', 'burst')}** | **${cpuTotal('variant', 'burst')}** | **${cpuTotal('reference', 'steady')}** | **${cpuTotal('ours', 'steady')}** |

${rowsSentence()}

In a burst each batch holds several readings of a device, which share its rollup rows; in the steady runs a batch holds one reading per device, so each reading upserts three rollup rows (minute, hour, site-local day): that is most of MariaDB's steady figure. At ${DEVICES.toLocaleString('en')} readings/s the steady totals make ${round((cpuTotal('ours', 'steady') * DEVICES) / 1e6, 2)} of ${coreCount()} cores for ours and ${round((cpuTotal('reference', 'steady') * DEVICES) / 1e6, 2)} for the reference.

Per-device telemetry (\`energy/{id}/telemetry\`, \`TELEMETRY_PER_DEVICE\`, ${perDeviceByDefault ? 'on' : 'off'} by default): one more broker message per reading cost ${perDeviceCost} µs per reading in the broker and the ingest together (broker ${round(perDeviceSign * variantDelta('broker'), 1)}, ingest ${round(perDeviceSign * variantDelta('consumer'), 1)}), measured as the difference between the last two columns. The alert service and the gateway read the batched stream \`svc/{partition}/telemetry\` either way.`;

  function rowsSentence(): string {
    if (rowsPer('ours', 'burst', 'written') === null) return 'MariaDB row counts are not shown with --shared-db (its counters include everything else it serves).';
    const shapeOf = (t: keyof typeof shape) => `${shape[t].columns} columns and ${shape[t].indexes} indexes`;
    return `What MariaDB did per committed reading (SHOW GLOBAL STATUS Handler_write and Handler_update, median): in the bursts ours wrote ${rowsPer('ours', 'burst', 'written')} rows (the reading's own and each rollup row its batch touched) and updated ${rowsPer('ours', 'burst', 'updated')} (the rollup rows that existed), the reference ${rowsPer('reference', 'burst', 'written')} and ${rowsPer('reference', 'burst', 'updated')}; in the steady runs ours ${rowsPer('ours', 'steady', 'written')} and ${rowsPer('ours', 'steady', 'updated')}, the reference ${rowsPer('reference', 'steady', 'written')} and ${rowsPer('reference', 'steady', 'updated')}. A reading's row has ${shapeOf('readings')} (the reference's ${shapeOf('ref_readings')}).`;
  }

  console.log(`\n${markdown}\n`);
  const scaling = scalingSection({
    ingestUs: cpuUs('ours', 'burst', 'consumer'),
    brokerUs: cpuUs('ours', 'burst', 'broker'),
    mariaUs: cpuUs('ours', 'burst', 'MariaDB'),
    mariaSteadyUs: cpuUs('ours', 'steady', 'MariaDB'),
    ingestSteadyUs: cpuUs('ours', 'steady', 'consumer'),
    brokerSteadyUs: cpuUs('ours', 'steady', 'broker'),
    perDeviceCost,
    perDeviceByDefault,
  });
  console.log(`\n${scaling}\n`);
  if (!args['no-doc']) {
    writeBenchmarkSection('ingest', markdown);
    writeDocSection(SCALING_DOC, 'ingest-cost', scaling);
  }
}

/** Columns and indexes (the primary key included) of ours' and the reference's readings tables. */
async function tableShapes(db: MysqlDatabase): Promise<Record<'readings' | 'ref_readings', { columns: number; indexes: number }>> {
  const count = async (from: 'COLUMNS' | 'STATISTICS', what: string) => {
    const rows = await db.query<{ t: string; n: number }>(
      `SELECT TABLE_NAME AS t, COUNT(${what}) AS n FROM information_schema.${from} WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('readings', 'ref_readings') GROUP BY TABLE_NAME`,
    );
    return (t: string) => Number(rows.find((r) => r.t === t)?.n ?? 0);
  };
  const columns = await count('COLUMNS', '*');
  const indexes = await count('STATISTICS', 'DISTINCT INDEX_NAME');
  return {
    readings: { columns: columns('readings'), indexes: indexes('readings') },
    ref_readings: { columns: columns('ref_readings'), indexes: indexes('ref_readings') },
  };
}

interface Costs {
  ingestUs: number | null;
  brokerUs: number | null;
  mariaUs: number | null;
  mariaSteadyUs: number | null;
  ingestSteadyUs: number | null;
  brokerSteadyUs: number | null;
  perDeviceCost: number;
  perDeviceByDefault: boolean;
}

/** The per-process costs docs/scaling.md plans with, from this run; capacities are 1 s of one core divided by them. */
function scalingSection(c: Costs): string {
  const perCore = (us: number | null) => (us ? Math.round(1e6 / us / 100) * 100 : null);
  const fmt = (n: number | null) => (n === null ? 'n/a' : n.toLocaleString('en'));
  return `Measured by \`bench/ingest/run.ts\` (its section of [benchmarks.md](benchmarks.md#ingest-publish-to-committed-row)), CPU per committed reading on this machine (${machineDescription()}):

| process | burst µs | steady µs (1 reading per device per batch) | readings/s one busy core gives (burst / steady) |
| --- | ---: | ---: | ---: |
| ingest | ${fmt(c.ingestUs)} | ${fmt(c.ingestSteadyUs)} | ${fmt(perCore(c.ingestUs))} / ${fmt(perCore(c.ingestSteadyUs))} |
| broker (one message in, one out per reading${c.perDeviceByDefault ? ', plus the per-device telemetry' : ''}) | ${fmt(c.brokerUs)} | ${fmt(c.brokerSteadyUs)} | ${fmt(perCore(c.brokerUs))} / ${fmt(perCore(c.brokerSteadyUs))} |
| MariaDB (row, rollups, commit) | ${fmt(c.mariaUs)} | ${fmt(c.mariaSteadyUs)} | ${fmt(perCore(c.mariaUs))} / ${fmt(perCore(c.mariaSteadyUs))} |

Per-device telemetry (\`TELEMETRY_PER_DEVICE\`, ${c.perDeviceByDefault ? 'on' : 'off'} by default) adds ${c.perDeviceCost} µs per reading across broker and ingest when on.`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
