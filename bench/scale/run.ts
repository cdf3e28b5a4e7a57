import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { MysqlDatabase } from '@energy/db';
import { createMysqlTestDatabase } from '@energy/db/testing';
import { ProgressLine } from '@energy/service-kit';
import type { ServiceProcess } from '@energy/stack';
import { redisNamespace } from '@energy/broker/testing/redis';
import { brokerNode, ingestReplica, SERVICE_PASSWORD } from '../../system-tests/scale/scale-cluster';
import { machineLine, writeBenchmarkSection } from '../lib/benchmarks-doc';
import { describeMariaDb } from '../lib/machine';
import { CommitWatcher } from '../lib/commit-watcher';
import { LoadGenerator } from '../lib/load-generator';
import { median, percentile, round } from '../lib/stats';
import { seedDevices } from '../lib/seed-devices';

/**
 * bench/scale: ingest throughput with 1, 2 and 3 ingest replicas in one shared group, behind two
 * broker processes clustered over Redis, all on this machine. The same burst is published for each
 * replica count, half through each broker node, and the committed rows are counted as they land.
 */
const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '2000' },
    'per-device': { type: 'string', default: '15' },
    replicas: { type: 'string', default: '1,2,3' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    'no-doc': { type: 'boolean', default: false },
  },
});
const DEVICES = Number(args.devices);
const PER_DEVICE = Number(args['per-device']);
const REPLICAS = args.replicas.split(',').map(Number);
const ROUNDS = Number(args.rounds);

const progress = new ProgressLine();
const log = (text: string) => progress.done(text);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Run {
  published: number;
  committed: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

async function main(): Promise<void> {
  const t = await createMysqlTestDatabase();
  const mariaDb = await describeMariaDb(t.db);
  const redis = redisNamespace('bench-scale');
  const ids = Array.from({ length: DEVICES }, (_, i) => `scale-${String(i + 1).padStart(5, '0')}`);
  await seedDevices(t.db, ids);
  const quiet = () => undefined;
  const nodes = await Promise.all([brokerNode('broker-a', t.url, redis, quiet, 'warn'), brokerNode('broker-b', t.url, redis, quiet, 'warn')]);
  await Promise.all(nodes.map((n) => n.process.start()));
  const generators = await Promise.all(nodes.map((n, i) => LoadGenerator.connect({ url: n.url, username: 'gateway', password: SERVICE_PASSWORD }, Number(args.connections), `node${i}`)));
  const halves = [ids.slice(0, DEVICES / 2), ids.slice(DEVICES / 2)];
  const watcherDb = new MysqlDatabase(t.url, 2);
  const results = new Map<number, Run[]>();
  let replicas: ServiceProcess[] = [];

  try {
    for (let r = 1; r <= ROUNDS; r++) {
      for (const count of r % 2 ? REPLICAS : [...REPLICAS].reverse()) {
        // The replicas alternate between the two broker nodes, as a Kubernetes Service would spread them.
        replicas = await Promise.all(Array.from({ length: count }, (_, i) => ingestReplica(`ingest-${i + 1}`, nodes[i % 2]!.url, t.url, quiet, 'warn')));
        await Promise.all(replicas.map((p) => p.start()));
        await sleep(1_500); // both nodes see the whole group
        const countRows = async () => Number((await watcherDb.query<{ n: number }>('SELECT COUNT(*) AS n FROM readings'))[0]!.n);
        const rowsBefore = await countRows();
        const watcher = new CommitWatcher(watcherDb, 'readings');
        await watcher.start();
        const before = generators.reduce((n, g) => n + g.published, 0);
        const started = Date.now();
        const ticker = setInterval(() => progress.update(`${count} replica(s): committed ${watcher.seen}`), 500);
        await Promise.all(generators.map((g, i) => g.burst(halves[i]!, PER_DEVICE)));
        const published = generators.reduce((n, g) => n + g.published, 0) - before;
        // The watcher can miss a row committed far behind newer ids (many concurrent writers), so the
        // count of rows decides what was stored; the watcher gives timing and latency.
        const until = Date.now() + 90_000;
        while ((await countRows()) - rowsBefore < published && Date.now() < until) await sleep(100);
        await sleep(500);
        await watcher.stop();
        const stored = (await countRows()) - rowsBefore;
        clearInterval(ticker);
        const elapsedS = ((watcher.lastSeenMs ?? Date.now()) - started) / 1000;
        const run: Run = {
          published,
          committed: stored,
          perSecond: round(stored / elapsedS, 0),
          p50Ms: round(median(watcher.latenciesMs), 0),
          p99Ms: round(percentile(watcher.latenciesMs, 99), 0),
        };
        results.set(count, [...(results.get(count) ?? []), run]);
        log(`${count} replica(s): published ${published}, stored ${run.committed} (watcher saw ${watcher.seen}), ${run.perSecond}/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms`);
        await Promise.all(replicas.map((p) => p.stop('SIGTERM')));
        replicas = [];
      }
    }
  } finally {
    await Promise.all(replicas.map((p) => p.stop('SIGKILL')));
    await Promise.all(generators.map((g) => g.close()));
    await Promise.all(nodes.map((n) => n.process.stop()));
    await watcherDb.close();
    await t.drop();
    await redis.cleanUp();
  }

  const base = median(results.get(REPLICAS[0]!)!.map((r) => r.perSecond));
  const rows = REPLICAS.map((count) => {
    const runs = results.get(count)!;
    const perSecond = median(runs.map((r) => r.perSecond));
    const lost = runs.reduce((n, r) => n + Math.max(0, r.published - r.committed), 0);
    const extra = runs.reduce((n, r) => n + Math.max(0, r.committed - r.published), 0);
    return `| ${count} | ${perSecond} | ${round(perSecond / base, 2)} | ${median(runs.map((r) => r.p50Ms))} | ${median(runs.map((r) => r.p99Ms))} | ${lost} | ${extra} |`;
  });
  const markdown = `## Scale-out: ingest replicas in one shared group

Command: \`node tools/run-ts.cjs bench/scale/run.ts --devices ${DEVICES} --per-device ${PER_DEVICE} --replicas ${REPLICAS.join(',')} --rounds ${ROUNDS}\`
Machine: ${machineLine()}. Database: ${mariaDb}; it and Redis run on the same machine. Medians of ${ROUNDS} rounds; the replica counts run in alternating order.

- Two broker processes clustered over Redis (mqemitter-redis, aedes-persistence-redis), 1 to 3 ingest processes subscribed to \`$share/ingest/energy/+/reading\`, alternating between the two brokers.
- Load: a burst of ${DEVICES.toLocaleString('en')} device ids × ${PER_DEVICE} readings, QoS 0, half published through each broker node over ${args.connections} pooled connections per node.
- readings/s: rows stored (counted in the table) over the time from the first publish to the last row seen committed; latency is publish stamp to committed row.

| ingest replicas | readings/s | × one replica | p50 ms | p99 ms | lost | duplicated |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

On ${cpus().length} cores every process competes for the same CPUs: two brokers, Redis, MariaDB, the replicas and the load generator. Extra replicas add parallel batch writers but no CPU, so this table shows the cost of the cluster path and the limit of this machine, not the scaling a cluster of real nodes gets; see docs/scaling.md for the per-node estimate.`;
  console.log(`\n${markdown}\n`);
  if (!args['no-doc']) writeBenchmarkSection('scale', markdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
