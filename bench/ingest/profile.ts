import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { migrate, MysqlDatabase } from '@energy/db';
import { Stack } from '@energy/stack';
import { CommitWatcher } from '../lib/commit-watcher';
import { CpuMeter } from '../lib/cpu-time';
import { LoadGenerator } from '../lib/load-generator';
import { startPrivateMariaDb } from '../lib/private-mariadb';
import { seedDevices } from '../lib/seed-devices';
import { percentile, round } from '../lib/stats';

/**
 * Where our path's CPU goes: one stack (broker + ingest) under `node --cpu-prof`, a warm-up burst, then
 * measured bursts or steady seconds, CPU per committed reading per process from /proc, and the top
 * functions of each process's profile by self time. For finding hot spots; the figures for the docs
 * come from run.ts.
 *
 *   node tools/run-ts.cjs bench/ingest/profile.ts --devices 1000 --per-device 30 --bursts 3 [--steady-seconds 10 --steady-devices 5000] [--no-prof]
 */
const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '1000' },
    'per-device': { type: 'string', default: '30' },
    bursts: { type: 'string', default: '3' },
    'steady-seconds': { type: 'string', default: '0' },
    'steady-devices': { type: 'string', default: '5000' },
    out: { type: 'string', default: join(tmpdir(), 'bench-ingest-profile') },
    top: { type: 'string', default: '25' },
    'no-prof': { type: 'boolean', default: false },
    /** KEY=VALUE for the ingest's environment, e.g. --ingest-env BATCH_MAX_ROWS=20000 (repeatable). */
    'ingest-env': { type: 'string', multiple: true, default: [] },
  },
});
const DEVICES = Number(args.devices);
const PER_DEVICE = Number(args['per-device']);
const BURSTS = Number(args.bursts);
const STEADY_S = Number(args['steady-seconds']);
const STEADY_DEVICES = Number(args['steady-devices']);
const OUT = resolve(args.out!);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  endTime: number;
}

/**
 * Self time by function and by file, in % of the busy (not idle) samples of the last `windowMs` of
 * the profile (the measured runs, not start-up).
 */
function summarize(file: string, top: number, windowMs: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let t = profile.endTime;
  for (let i = profile.samples.length - 1; i >= 0; i--) {
    if (profile.endTime - t > windowMs * 1000) break;
    const id = profile.samples[i]!;
    if (byId.get(id)!.callFrame.functionName !== '(idle)') selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
    t -= profile.timeDeltas[i] ?? 0;
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fnTime = new Map<string, number>();
  const fileTime = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const short = url.replace(/^.*node_modules\//, 'nm/').replace(/^.*\/work\/main\//, '');
    const key = `${functionName || '(anon)'} ${short}:${lineNumber + 1}`;
    fnTime.set(key, (fnTime.get(key) ?? 0) + us);
    const fileKey = short.startsWith('nm/') ? short.split('/').slice(0, short.split('/')[1]!.startsWith('@') ? 3 : 2).join('/') : short || functionName;
    fileTime.set(fileKey, (fileTime.get(fileKey) ?? 0) + us);
  }
  const list = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`)
      .join('\n');
  return `self time by function:\n${list(fnTime)}\nself time by file or package:\n${list(fileTime)}`;
}

async function main(): Promise<void> {
  if (!args['no-prof']) mkdirSync(OUT, { recursive: true });
  const server = await startPrivateMariaDb();
  const url = `${server.url}energy_profile`;
  const admin = new MysqlDatabase(server.url, 1);
  await admin.execute('CREATE DATABASE energy_profile');
  await admin.close();
  const ids = Array.from({ length: Math.max(DEVICES, STEADY_DEVICES) }, (_, i) => `bench-${String(i + 1).padStart(5, '0')}`);
  const setup = new MysqlDatabase(url, 2);
  await migrate(setup);
  await seedDevices(setup, ids);
  await setup.close();
  const prof = args['no-prof'] ? [] : ['--cpu-prof', `--cpu-prof-dir=${OUT}`];
  const stack = await Stack.start({
    database: { databaseUrl: url, sqlitePath: '' },
    services: ['broker', 'ingest'],
    logLevel: 'warn',
    nodeArgs: { broker: prof, ingest: prof },
    env: { broker: { MAX_CONNECTIONS: '20000' }, ingest: Object.fromEntries((args['ingest-env'] ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) },
  });
  const watcherDb = new MysqlDatabase(url, 2);
  const generator = await LoadGenerator.connect({ url: stack.urls.mqtt, username: 'gateway', password: stack.servicePasswords.gateway }, 20, 'profile');
  const pids = { broker: stack.processes.get('broker')?.pid, ingest: stack.processes.get('ingest')?.pid, MariaDB: server.pid, 'load generator': process.pid };
  const run = async (label: string, work: () => Promise<void>) => {
    const watcher = new CommitWatcher(watcherDb, 'readings', 0);
    await watcher.start();
    const cpu = new CpuMeter(pids);
    cpu.start();
    const before = generator.published;
    const started = Date.now();
    await work();
    const published = generator.published - before;
    await watcher.waitFor(published, 120_000);
    await watcher.stop();
    const used = cpu.stop();
    const seconds = ((watcher.lastSeenMs ?? Date.now()) - started) / 1000;
    const perReading = Object.entries(used).map(([p, s]) => `${p} ${round((s / Math.max(1, watcher.seen)) * 1e6, 1)}`);
    const total = round((Object.values(used).reduce((a, b) => a + b, 0) / Math.max(1, watcher.seen)) * 1e6, 1);
    console.log(`${label}: ${watcher.seen}/${published} committed, ${round(watcher.seen / seconds, 0)}/s, p99 ${round(percentile(watcher.latenciesMs, 99), 0)} ms; µs per reading: ${perReading.join(', ')}; total ${total}`);
  };
  let measuredFrom = 0;
  let stoppedAt = 0;
  try {
    await run('warm-up burst', () => generator.burst(ids.slice(0, DEVICES), PER_DEVICE));
    measuredFrom = Date.now();
    for (let i = 1; i <= BURSTS; i++) await run(`burst ${i}`, () => generator.burst(ids.slice(0, DEVICES), PER_DEVICE));
    if (STEADY_S > 0) await run(`steady ${STEADY_DEVICES}/s`, () => generator.steady(ids.slice(0, STEADY_DEVICES), STEADY_S));
  } finally {
    await generator.close();
    stoppedAt = Date.now();
    await stack.stop();
    await watcherDb.close();
    await server.stop();
  }
  if (!args['no-prof']) {
    const files = readdirSync(OUT)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(OUT, f));
    // The profile ends at the stack's stop; its last `window` ms are the measured runs (and the stop).
    const windowMs = stoppedAt - measuredFrom;
    for (const [name, pid] of Object.entries(pids)) {
      const file = files.find((f) => f.includes(`.${pid}.`));
      if (file) console.log(`\n=== ${name} (${file}), busy time of the last ${windowMs} ms\n${summarize(file, Number(args.top), windowMs)}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
