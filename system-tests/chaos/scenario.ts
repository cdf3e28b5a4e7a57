import { randomBytes, scryptSync } from 'node:crypto';
import mqtt from 'mqtt';
import { encodeReading, topics, type AlertRule } from '@energy/contracts';
import { spreadEnergy } from '@energy/db';
import { createMysqlTestDatabase, type TestDatabase } from '@energy/db/testing';
import { Simulator } from '@energy/device-simulator';
import { Stack, TcpProxy } from '@energy/stack';
import { FakeCallMeBot } from '@energy/alert-service/testing';
import { tallyCallMeBot, type AlertSpan } from './callmebot-deliveries';
import { judgeRss, rssMiB, type RssSample, type RssVerdict } from './rss';

/**
 * The chaos soak: the whole system (broker, ingest, alert, gateway as processes) on a fresh MariaDB
 * database reached through a TCP proxy, a fleet of simulated meters at 1 Hz, and faults at random
 * moments: SIGKILL + restart of each service, a database cut, a burst of readings, and a device that
 * sends out of order and duplicated. Alerts go out for real, over HTTP to a fake CallMeBot, which
 * must never get the same message twice. Then the checks. Used by `npm run chaos` and chaos.test.ts beside it.
 *
 * Faults fall in the first 60 % of the run, so the memory check over the second half sees the
 * system settle; the end drains every device before counting.
 */
export interface ChaosOptions {
  minutes: number;
  devices: number;
  dbCutMs: number;
  burstReadings: number;
  /** Seed for the fault schedule (printed, so a run can be repeated). */
  seed?: number;
  log?: (line: string) => void;
}

export interface ChaosCheck {
  name: string;
  pass: boolean;
  detail: string;
}

export interface ChaosReport {
  pass: boolean;
  checks: ChaosCheck[];
  faults: Array<{ atS: number; fault: string; tookMs: number }>;
  figures: Record<string, number | string>;
  rss: RssVerdict[];
  rssSeries: Map<string, RssSample[]>;
}

/** All chaos devices share one secret, hashed once (scrypt per device would take minutes for 1,000). */
export const CHAOS_DEVICE_SECRET_NOTE = 'every chaos device shares one random secret, hashed once (scrypt N=1024) and inserted directly into devices';

/** The chaos rule's recipients: every alert message goes to each, through the fake CallMeBot. */
export const CHAOS_RECIPIENTS = ['+4915100000001', '+4915100000002'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

async function waitUntil(probe: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await probe()) return true;
    await sleep(250);
  }
  return false;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = rng(seed);
  const runMs = options.minutes * 60_000;
  let t0 = Date.now();
  const since = () => ((Date.now() - t0) / 1000).toFixed(1).padStart(6);
  log(`chaos: ${options.minutes} min, ${options.devices} devices at 1 Hz, db cut ${options.dbCutMs / 1000} s, burst ${options.burstReadings}, seed ${seed}`);

  let t: TestDatabase | null = null;
  let proxy: TcpProxy | null = null;
  let stack: Stack | null = null;
  let callMeBot: FakeCallMeBot | null = null;
  let simulator: Simulator | null = null;
  const recentLogs: string[] = [];
  const rssSeries = new Map<string, RssSample[]>();
  let sampler: NodeJS.Timeout | null = null;
  const disorderClient: { client: mqtt.MqttClient | null } = { client: null };

  try {
    t = await createMysqlTestDatabase('chaos'); // not energy_test_*, which test clean-ups may sweep
    proxy = await TcpProxy.start('127.0.0.1', 3306);
    const dbUrl = new URL(t.url);
    dbUrl.host = `127.0.0.1:${proxy.port}`;

    // Devices: one secret for all, hashed once.
    const secret = randomBytes(24).toString('base64url');
    // The hashSecret format at a lower scrypt cost (N=1024, as system-tests/scale does): after a broker kill the
    // whole fleet reconnects at once, and the default cost makes that storm take a minute on 2 cores.
    const salt = randomBytes(16);
    const hash = ['scrypt', 1024, 8, 1, salt.toString('base64url'), scryptSync(secret, salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64url')].join('$');
    const ids = Array.from({ length: options.devices }, (_, i) => `chaos-${String(i + 1).padStart(5, '0')}`);
    const disorderId = 'chaos-disorder';
    const all = [...ids, disorderId];
    for (let i = 0; i < all.length; i += 500) {
      const chunk = all.slice(i, i + 500);
      await t.db.execute(`INSERT INTO devices (id, name, secret_hash, created_ms) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`, chunk.flatMap((id) => [id, id, hash, Date.now()]));
    }

    callMeBot = await FakeCallMeBot.start();

    stack = await Stack.start({
      database: { databaseUrl: dbUrl.toString(), sqlitePath: '' },
      logLevel: 'warn',
      env: {
        // Every message a real HTTP attempt: no per-recipient spacing or hourly cap, which would turn most into 'rate_limited' rows.
        alert: { CALLMEBOT_BASE_URL: callMeBot.url, CALLMEBOT_API_KEY: randomBytes(9).toString('base64url'), NOTIFY_MIN_INTERVAL_MS: '0', NOTIFY_MAX_PER_HOUR: '1000000' },
      },
      logSink: (service, line) => {
        recentLogs.push(`[${service}] ${line}`);
        if (recentLogs.length > 200) recentLogs.shift();
      },
    });
    const s = stack;
    log(`${since()}s  stack up: ${s.urls.mqtt}, gateway ${s.urls.gateway}`);
    // The seed's 500 W rule (the one the alert service creates when it has none), sent to two phones:
    // set through the gateway's API, as an operator would, before any device publishes.
    await sendDefaultRuleTo(s.urls.gateway, s.adminPassword, CHAOS_RECIPIENTS);

    sampler = setInterval(() => {
      for (const [name, proc] of s.processes) {
        const pid = proc.pid;
        if (!pid || !proc.running) continue;
        const mib = rssMiB(pid);
        if (mib === null || mib === 0) continue;
        const key = `${name}#${pid}`;
        if (!rssSeries.has(key)) rssSeries.set(key, []);
        rssSeries.get(key)!.push({ atMs: Date.now() - t0, mib });
      }
    }, 3_000);

    simulator = new Simulator({
      url: s.urls.mqtt,
      devices: ids.map((id) => ({ id, secret })),
      intervalMs: 1_000,
      ackTimeoutMs: 5_000,
      resendPerTick: 20,
      connectConcurrency: 50,
    });
    await simulator.start();
    const sim = simulator;
    log(`${since()}s  ${ids.length} devices connected and publishing; the run starts now`);
    t0 = Date.now();
    for (const series of rssSeries.values()) series.length = 0; // start-up is not part of the run

    // --- the fault schedule: one slot each in [10 %, 60 %] of the run, shuffled, at a random point in its slot ---
    const faultNames = ['kill ingest', 'kill alert', 'kill gateway', 'kill broker', 'db cut', 'burst', 'disorder'];
    for (let i = faultNames.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [faultNames[i], faultNames[j]] = [faultNames[j]!, faultNames[i]!];
    }
    const windowStart = runMs * 0.1;
    const slot = (runMs * 0.5) / faultNames.length;
    const schedule = faultNames.map((fault, i) => ({ fault, atMs: windowStart + i * slot + random() * slot * 0.3 }));

    const disorderSeqs = new Set<number>();
    const restartFailures: string[] = [];
    const disorderPublish = async (seq: number) => {
      await disorderClient.client!.publishAsync(topics.reading(disorderId), encodeReading({ seq, oldest_seq: 1, Voltage: 231, Current: 0.5 + (seq % 7) / 10 }), { qos: 1 });
    };
    const faults: ChaosReport['faults'] = [];
    const runFault = async (fault: string) => {
      const started = Date.now();
      if (fault.startsWith('kill ')) {
        const name = fault.slice(5) as 'ingest' | 'alert' | 'gateway' | 'broker';
        await s.process(name).stop('SIGKILL');
        await sleep(1_000 + random() * 2_000);
        // A service may refuse to start while the system is still recovering (the ingest exits when the
        // broker resets its connection at start-up): try again, as a supervisor would.
        for (let attempt = 1; ; attempt++) {
          try {
            await s.process(name).start();
            break;
          } catch (err) {
            if (attempt === 5) throw err;
            log(`${since()}s  ${name} failed to start (attempt ${attempt}): ${(err as Error).message.split('\n')[0]}`);
            restartFailures.push(name);
            await sleep(2_000);
          }
        }
      } else if (fault === 'db cut') {
        proxy!.cut();
        await sleep(options.dbCutMs);
        proxy!.restore();
      } else if (fault === 'burst') {
        // burstReadings at once, spread over the fleet; each is a real reading the device keeps until acked.
        let n = 0;
        while (n < options.burstReadings) {
          for (const d of sim.devices) {
            if (n >= options.burstReadings) break;
            if (d.publishReading() !== null) n++;
          }
        }
      } else if (fault === 'disorder') {
        // A device of its own: seqs 1..300 shuffled, a third of them sent twice or three times.
        // Under load the broker may refuse a connect as "server unavailable" (its scrypt cap): retry as devices do.
        disorderClient.client = await mqtt.connectAsync(s.urls.mqtt, { clientId: disorderId, username: disorderId, password: secret, reconnectPeriod: 1_000, reconnectOnConnackError: true });
        const seqs = Array.from({ length: 300 }, (_, i) => i + 1);
        for (let i = seqs.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [seqs[i], seqs[j]] = [seqs[j]!, seqs[i]!];
        }
        const sends = seqs.flatMap((seq) => (random() < 0.33 ? [seq, seq, ...(random() < 0.3 ? [seq] : [])] : [seq]));
        for (const seq of sends) {
          disorderSeqs.add(seq);
          await disorderPublish(seq);
        }
      }
      faults.push({ atS: Math.round((started - t0) / 100) / 10, fault, tookMs: Date.now() - started });
      log(`${since()}s  fault: ${fault} (${Date.now() - started} ms)`);
    };

    for (const { fault, atMs } of schedule) {
      const wait = t0 + atMs - Date.now();
      if (wait > 0) await sleep(wait);
      await runFault(fault);
      // Let the fleet reconnect before the next fault, so faults do not pile up.
      await waitUntil(() => sim.totals().connected === ids.length, 60_000);
    }
    const progress = setInterval(() => log(`${since()}s  published ${sim.totals().published}, pending ${sim.totals().pending}`), 30_000);
    const rest = t0 + runMs - Date.now();
    if (rest > 0) await sleep(rest);
    clearInterval(progress);
    clearInterval(sampler);
    sampler = null;

    // --- drain: devices stop making new readings and re-send until every one is acked ---
    log(`${since()}s  run over; draining`);
    sim.devices.forEach((d) => d.pausePublishing());
    const drained = await waitUntil(() => sim.totals().pending === 0, 120_000);
    // The disorder device cannot see acks; it re-sends everything once more (more duplicates) and we wait for the rows.
    for (const seq of disorderSeqs) await disorderPublish(seq);
    const disorderStored = await waitUntil(async () => (await count(t!, `SELECT COUNT(*) AS n FROM readings WHERE device_id = '${disorderId}'`)) >= disorderSeqs.size, 60_000);
    await sleep(2_000);

    // --- checks ---
    const totals = sim.totals();
    const published = sim.devices.reduce((sum, d) => sum + d.publishedSeqs.size, 0) + disorderSeqs.size;
    const rows = await count(t, 'SELECT COUNT(*) AS n FROM readings');
    const dupes = await count(t, 'SELECT COUNT(*) AS n FROM (SELECT device_id, seq FROM readings GROUP BY device_id, seq HAVING COUNT(*) > 1) d');
    const perDeviceShort = await shortDevices(t, sim, disorderId, disorderSeqs.size);
    const rollupMismatches: Record<string, number> = {};
    for (const [table, size] of [['rollup_minute', 60_000], ['rollup_hour', 3_600_000]] as const) rollupMismatches[table] = await rollupMismatch(t, table, size);
    const rollupSum = await count(t, 'SELECT COALESCE(SUM(n), 0) AS n FROM rollup_minute');
    const alertsRaised = await count(t, 'SELECT COUNT(*) AS n FROM alerts');
    const deliveriesTwice = await count(
      t,
      "SELECT COUNT(*) AS n FROM (SELECT alert_id, event, channel, recipient FROM notification_deliveries WHERE outcome IN ('sent', 'confirmed') GROUP BY alert_id, event, channel, recipient HAVING COUNT(*) > 1) d",
    );
    const openTwice = await count(t, "SELECT COUNT(*) AS n FROM (SELECT rule_id, device_id FROM alerts WHERE state <> 'cleared' GROUP BY rule_id, device_id HAVING COUNT(*) > 1) d");
    const sentRows = await count(t, "SELECT COUNT(*) AS n FROM notification_deliveries WHERE channel = 'callmebot' AND outcome = 'sent'");
    const alertSpans = (await t.db.query<{ id: number; device_id: string; raised_ms: number; cleared_ms: number | null }>('SELECT id, device_id, raised_ms, cleared_ms FROM alerts')).map(
      (a): AlertSpan => ({ id: Number(a.id), deviceId: a.device_id, raisedMs: Number(a.raised_ms), clearedMs: a.cleared_ms === null ? null : Number(a.cleared_ms) }),
    );
    const fake = tallyCallMeBot(callMeBot.requests, alertSpans);
    const rss = judgeRss(rssSeries, runMs);
    const exits = s.unexpectedExits();

    const checks: ChaosCheck[] = [
      { name: 'every published reading stored exactly once', pass: drained && disorderStored && rows === published && dupes === 0 && perDeviceShort.length === 0, detail: `${rows} rows for ${published} published (${totals.resent} re-sent, ${totals.dropped} dropped by devices), ${dupes} duplicate (device, seq)${drained ? '' : ', devices NOT drained'}${disorderStored ? '' : ', disorder device short'}${perDeviceShort.length ? `, short: ${perDeviceShort.slice(0, 5).join(' ')}` : ''}` },
      { name: 'rollups equal aggregates recomputed from raw rows', pass: rollupMismatches.rollup_minute === 0 && rollupMismatches.rollup_hour === 0 && rollupSum === rows, detail: `rollup_minute ${rollupMismatches.rollup_minute} mismatched buckets, rollup_hour ${rollupMismatches.rollup_hour}, SUM(n) ${rollupSum}` },
      { name: 'no alert sent twice', pass: deliveriesTwice === 0 && openTwice === 0, detail: `${alertsRaised} alerts, ${deliveriesTwice} deliveries repeated, ${openTwice} rules open twice for a device` },
      {
        // Alerts but no message at all would mean the notifier is not wired to the fake, and the check proves nothing.
        name: 'CallMeBot got no (alert, event, recipient) twice',
        pass: fake.repeated.length === 0 && fake.unmatched.length === 0 && (alertsRaised === 0 || fake.received > 0),
        detail: `${fake.received} messages received (${fake.byEvent.raised} raised, ${fake.byEvent.cleared} cleared, ${fake.byEvent.reminder} reminders) for ${fake.recipients} recipients, ${fake.repeated.length} repeated${fake.repeated.length ? ` (${fake.repeated.slice(0, 5).join(', ')})` : ''}, ${fake.unmatched.length} matching no alert${fake.unmatched.length ? ` (${fake.unmatched.slice(0, 3).join('; ')})` : ''}; ${sentRows} 'sent' rows in notification_deliveries`,
      },
      { name: 'resident memory flat over the second half', pass: rss.every((v) => v.flat !== false) && rss.some((v) => v.flat === true), detail: rss.filter((v) => v.flat !== null).map((v) => `${v.service}#${v.pid} ${v.firstMedianMiB.toFixed(0)}→${v.lastMedianMiB.toFixed(0)} MiB (${(v.growth * 100).toFixed(1)} %)`).join(', ') },
      { name: 'no process exit except those killed on purpose', pass: exits.length === 0, detail: exits.length ? exits.map((e) => `${e.service} code ${e.code} signal ${e.signal}`).join(', ') : 'none' },
    ];
    const report: ChaosReport = {
      pass: checks.every((c) => c.pass),
      checks,
      faults,
      figures: { seed, devices: options.devices, restartRetries: restartFailures.join(' ') || 'none', minutes: options.minutes, published, rows, resent: totals.resent, alerts: alertsRaised, callmebotMessages: fake.received, durationS: Math.round((Date.now() - t0) / 1000) },
      rss,
      rssSeries,
    };
    if (!report.pass) log(`last service log lines:\n${recentLogs.slice(-40).join('\n')}`);
    return report;
  } finally {
    if (sampler) clearInterval(sampler);
    await disorderClient.client?.endAsync(true).catch(() => undefined);
    await simulator?.stop(false).catch(() => undefined);
    await stack?.stop().catch(() => undefined);
    await callMeBot?.close().catch(() => undefined);
    await proxy?.close().catch(() => undefined);
    await t?.drop().catch(() => undefined);
  }
}

// The checks count stored rows (readings, rollups, alerts, deliveries) with SQL on purpose: what they
// prove is that nothing was lost or stored twice, which only the tables themselves can show.
async function count(t: TestDatabase, sql: string): Promise<number> {
  return Number((await t.db.query<{ n: number }>(sql))[0]!.n);
}

async function shortDevices(t: TestDatabase, sim: Simulator, disorderId: string, disorderCount: number): Promise<string[]> {
  const rows = await t.db.query<{ device_id: string; n: number }>('SELECT device_id, COUNT(*) AS n FROM readings GROUP BY device_id');
  const stored = new Map(rows.map((r) => [r.device_id, Number(r.n)]));
  const out: string[] = [];
  for (const d of sim.devices) if ((stored.get(d.id) ?? 0) !== d.publishedSeqs.size) out.push(`${d.id}:${stored.get(d.id) ?? 0}/${d.publishedSeqs.size}`);
  if ((stored.get(disorderId) ?? 0) !== disorderCount) out.push(`${disorderId}:${stored.get(disorderId) ?? 0}/${disorderCount}`);
  return out;
}

/**
 * Buckets where the rollup differs from the aggregate of the raw rows (either side missing counts too).
 * Measurements per reading's bucket; energy as the ingest books it: each reading's interval
 * (energy_from_ms, ts_ms] spread over the buckets it covers, so a bucket inside a gap holds energy
 * and no reading (n = 0).
 */
async function rollupMismatch(t: TestDatabase, table: 'rollup_minute' | 'rollup_hour', sizeMs: number): Promise<number> {
  const agg = `SELECT device_id, FLOOR(ts_ms / ${sizeMs}) * ${sizeMs} AS b, COUNT(*) AS n, SUM(voltage_v) AS v, MIN(voltage_v) AS vmin, MAX(voltage_v) AS vmax,
    SUM(current_a) AS i, SUM(power_w) AS p, MIN(power_w) AS pmin, MAX(power_w) AS pmax FROM readings GROUP BY device_id, b`;
  const off = (a: string, b: string) => `ABS(${a} - ${b}) > 1e-6 * GREATEST(1, ABS(${b}))`;
  const left = await count(
    t,
    `SELECT COUNT(*) AS n FROM (${agg}) r LEFT JOIN ${table} m ON m.device_id = r.device_id AND m.bucket_ms = r.b
     WHERE m.n IS NULL OR m.n <> r.n OR ${off('m.v_sum', 'r.v')} OR ${off('m.v_min', 'r.vmin')} OR ${off('m.v_max', 'r.vmax')} OR ${off('m.i_sum', 'r.i')}
       OR ${off('m.p_sum', 'r.p')} OR ${off('m.p_min', 'r.pmin')} OR ${off('m.p_max', 'r.pmax')}`,
  );
  const orphans = await count(t, `SELECT COUNT(*) AS n FROM ${table} m LEFT JOIN (${agg}) r ON m.device_id = r.device_id AND m.bucket_ms = r.b WHERE r.n IS NULL AND m.n > 0`);

  const expected = new Map<string, number>();
  const raw = t.db.stream<{ device_id: string; energy_from_ms: number | null; ts_ms: number; energy_delta_wh: number }>(
    'SELECT device_id, energy_from_ms, ts_ms, energy_delta_wh FROM readings',
  );
  for await (const r of raw) {
    const to = Number(r.ts_ms);
    spreadEnergy(r.energy_delta_wh, r.energy_from_ms === null ? to : Number(r.energy_from_ms), to, table, 'UTC', (bucket, wh) => {
      const key = `${r.device_id}|${bucket}`;
      expected.set(key, (expected.get(key) ?? 0) + wh);
    });
  }
  let energyOff = 0;
  for (const m of await t.db.query<{ device_id: string; bucket_ms: number; energy_wh: number }>(`SELECT device_id, bucket_ms, energy_wh FROM ${table}`)) {
    const key = `${m.device_id}|${Number(m.bucket_ms)}`;
    const want = expected.get(key) ?? 0;
    expected.delete(key);
    if (Math.abs(m.energy_wh - want) > 1e-6 * Math.max(1, Math.abs(want))) energyOff++;
  }
  for (const wh of expected.values()) if (Math.abs(wh) > 1e-6) energyOff++; // energy no rollup holds
  return left + orphans + energyOff;
}

/** The report as text. */
export function formatReport(report: ChaosReport): string {
  const lines: string[] = [];
  lines.push('memory series (MiB, every 3 s, per process lifetime):');
  for (const [key, samples] of report.rssSeries) lines.push(`  ${key.padEnd(16)} ${samples.map((s) => s.mib.toFixed(0)).join(' ')}`);
  lines.push('faults:');
  for (const f of report.faults) lines.push(`  ${String(f.atS).padStart(6)} s  ${f.fault} (${f.tookMs} ms)`);
  lines.push('checks:');
  for (const c of report.checks) lines.push(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`);
  lines.push(`figures: ${Object.entries(report.figures).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  lines.push(report.pass ? 'CHAOS: PASS' : 'CHAOS: FAIL');
  return lines.join('\n');
}

/** Renames the alert service's default rule and gives it recipients, through the gateway's HTTP API. */
async function sendDefaultRuleTo(gatewayUrl: string, adminPassword: string, recipients: string[]): Promise<void> {
  const call = async <T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> => {
    const res = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const { token } = await call<{ token: string }>('POST', '/api/v1/auth/login', null, { username: 'admin', password: adminPassword });
  const rules = await call<AlertRule[]>('GET', '/api/v1/rules', token);
  if (rules.length !== 1) throw new Error(`expected the alert service's one default rule, found ${rules.length}`);
  const { id, createdAt: _createdAt, updatedAt: _updatedAt, ...settings } = rules[0];
  await call<AlertRule>('PUT', `/api/v1/rules/${id}`, token, { ...settings, name: 'chaos: power above 500 W', recipients });
}
