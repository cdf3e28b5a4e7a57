import { createMysqlTestDatabase, type TestDatabase } from '@energy/db/testing';
import { deviceIds, Simulator } from '@energy/device-simulator';
import type { ServiceProcess } from '@energy/stack';
import { redisNamespace } from '@energy/broker/testing/redis';
import { brokerNode, CLUSTER_NODE_TTL_MS, ingestMembersSeen, ingestReplica, provisionFleet } from './scale-cluster';

/**
 * The scale-out system test: two broker processes clustered over Redis, three ingest processes in one
 * shared group, 1,000 simulated devices split over both brokers (a reading every 2 s each). Then an
 * ingest replica and a broker are SIGKILLed mid-run. Every reading must be stored exactly once, and
 * each device must be handled by one replica at a time, moving only when the group changes.
 */
const DEVICES = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(100);
  }
}

interface Take {
  replica: string;
  deviceId: string;
  atMs: number;
  reason: 'new' | 'jump';
}

describe('scale-out: clustered brokers and shared ingest replicas', () => {
  let t: TestDatabase;
  const redis = redisNamespace('scale');
  const processes: ServiceProcess[] = [];
  const simulators: Simulator[] = [];
  const takes: Take[] = [];
  const errors: string[] = [];

  const sink = (service: string, line: string) => {
    if (!line.startsWith('{')) return;
    const entry = JSON.parse(line) as { msg?: string; deviceId?: string; reason?: Take['reason']; time?: number; level?: number };
    if (entry.msg === 'taking device') takes.push({ replica: service, deviceId: entry.deviceId!, atMs: entry.time ?? Date.now(), reason: entry.reason! });
    // Reconnect attempts to the killed broker are logged as errors by Nest's MQTT transport: expected.
    if ((entry.level ?? 0) >= 50 && !line.includes('ECONNREFUSED')) errors.push(`${service}: ${line}`);
  };

  beforeAll(async () => {
    t = await createMysqlTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(simulators.map((s) => s.stop(false)));
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await t?.drop();
    await redis.cleanUp();
  });

  /** device -> replicas that took it in [from, to) */
  const takersBetween = (fromMs: number, toMs: number) => {
    const map = new Map<string, Set<string>>();
    for (const take of takes) {
      if (take.atMs < fromMs || take.atMs >= toMs) continue;
      map.set(take.deviceId, (map.get(take.deviceId) ?? new Set()).add(take.replica));
    }
    return map;
  };

  it('stores every reading exactly once while an ingest replica and a broker are SIGKILLed', async () => {
    const ids = deviceIds('scale', DEVICES);
    const secret = await provisionFleet(t.db, ids);
    const [a, b] = await Promise.all([brokerNode('broker-a', t.url, redis, sink), brokerNode('broker-b', t.url, redis, sink)]);
    processes.push(a.process, b.process);
    await Promise.all([a.process.start(), b.process.start()]);
    // Members on both nodes: a message published on either node must be delivered by exactly one.
    const ingests = await Promise.all([ingestReplica('ingest-1', a.url, t.url, sink), ingestReplica('ingest-2', a.url, t.url, sink), ingestReplica('ingest-3', b.url, t.url, sink)]);
    processes.push(...ingests);
    await Promise.all(ingests.map((p) => p.start()));
    // Both nodes must see all three members before devices publish: a node that saw fewer would send
    // a device to another replica than the other node does (under load this took more than 500 ms).
    await waitUntil('both broker nodes see the three ingest members', async () =>
      (await Promise.all([a, b].map((node) => ingestMembersSeen(node.metricsUrl)))).every((seen) => seen.length > 0 && seen.every((n) => n === 3)),
    );

    const options = { intervalMs: 2_000, ackTimeoutMs: 3_000, resendPerTick: 20, connectConcurrency: 100 };
    const half = DEVICES / 2;
    simulators.push(
      new Simulator({ ...options, url: a.url, devices: ids.slice(0, half).map((id) => ({ id, secret })) }),
      new Simulator({ ...options, url: b.url, devices: ids.slice(half).map((id) => ({ id, secret })) }),
    );
    const startedMs = Date.now();
    await Promise.all(simulators.map((s) => s.start()));

    // Phase 1, stable group: every device is taken by exactly one replica, and all three share the load.
    await sleep(8_000);
    const phase1End = Date.now();
    const phase1 = takersBetween(0, phase1End);
    const owner1 = new Map<string, string>();
    for (const id of ids) {
      expect([id, [...(phase1.get(id) ?? [])]]).toEqual([id, [expect.any(String)]]);
      owner1.set(id, [...phase1.get(id)!][0]!);
    }
    const share = (replica: string) => [...owner1.values()].filter((r) => r === replica).length;
    for (const replica of ['ingest-1', 'ingest-2', 'ingest-3']) expect(share(replica)).toBeGreaterThan(DEVICES / 3 - 100);

    // Phase 2: SIGKILL ingest-1. Only its devices move, each to exactly one survivor.
    await ingests[0]!.stop('SIGKILL');
    await sleep(6_000);
    const phase2End = Date.now();
    const owner2 = new Map(owner1);
    for (const [id, takers] of takersBetween(phase1End, phase2End)) {
      expect([id, owner1.get(id)]).toEqual([id, 'ingest-1']);
      expect([id, takers.size]).toEqual([id, 1]);
      owner2.set(id, [...takers][0]!);
    }
    const movedFrom1 = ids.filter((id) => owner1.get(id) === 'ingest-1');
    expect(movedFrom1.filter((id) => owner2.get(id) === 'ingest-1').length).toBeLessThan(movedFrom1.length * 0.05); // nearly all have published since

    // Phase 3: SIGKILL broker B (ingest-3 and half the devices lose their node), restart it on its ports.
    await b.process.stop('SIGKILL');
    // Down for longer than a dead node's entry lives (TTL plus a quarter), so node A sees ingest-3
    // leave whatever the timing: a B back within the TTL left A's view unchanged on a fast machine,
    // and no device moved (seen once in CI).
    await sleep(CLUSTER_NODE_TTL_MS * 1.25 + 1_000);
    await b.process.start();
    await sleep(10_000);
    // While B was gone, ingest-3's devices went to ingest-2; when it came back they returned to it.
    // Nothing else moved. (A replica may also log a device of its own again: devices on B re-send
    // after reconnecting, so their seqs arrive with a jump.)
    for (const take of takes.filter((x) => x.atMs >= phase2End)) {
      const allowed = take.replica === owner2.get(take.deviceId) || (owner2.get(take.deviceId) === 'ingest-3' && take.replica === 'ingest-2');
      expect([take.deviceId, take.replica, owner2.get(take.deviceId), allowed]).toEqual([take.deviceId, take.replica, owner2.get(take.deviceId), true]);
    }
    expect(takes.filter((x) => x.atMs >= phase2End && x.replica === 'ingest-2' && owner2.get(x.deviceId) === 'ingest-3').length).toBeGreaterThan(0);

    // Drain: devices stop taking readings and re-send until everything is acknowledged.
    simulators.forEach((s) => s.devices.forEach((d) => d.pausePublishing()));
    const until = Date.now() + 45_000;
    while (simulators.some((s) => s.totals().pending > 0) && Date.now() < until) await sleep(250);
    const totals = simulators.map((s) => s.totals());
    expect(totals.map((x) => x.pending)).toEqual([0, 0]);
    expect(totals.map((x) => x.dropped)).toEqual([0, 0]);

    const published = new Map(simulators.flatMap((s) => s.devices.map((d) => [d.id, d.publishedSeqs] as const)));
    const publishedCount = [...published.values()].reduce((n, seqs) => n + seqs.size, 0);
    const rows = await t.db.query<{ device_id: string; seq: number }>('SELECT device_id, seq FROM readings');
    const stored = new Set(rows.map((r) => `${r.device_id}:${Number(r.seq)}`));
    expect(stored.size).toBe(rows.length); // no duplicates
    const missing = [...published].flatMap(([id, seqs]) => [...seqs].filter((seq) => !stored.has(`${id}:${seq}`)).map((seq) => `${id}:${seq}`));
    expect(missing).toEqual([]);
    expect(rows.length).toBe(publishedCount); // nothing that was not published
    const [rollup] = await t.db.query<{ n: number }>('SELECT SUM(n) AS n FROM rollup_minute');
    expect(Number(rollup!.n)).toBe(publishedCount);
    expect(totals.reduce((n, x) => n + x.resent, 0)).toBeGreaterThan(0); // the faults did cost re-sends
    expect(errors).toEqual([]);
    process.stdout.write(`scale test: ${publishedCount} readings from ${DEVICES} devices in ${Math.round((Date.now() - startedMs) / 1000)} s, ${totals.reduce((n, x) => n + x.resent, 0)} re-sent\n`);
  });
});
