import { topics } from '@energy/contracts';
import { loadFixtures } from '@energy/contracts/fixtures';
import { Simulator } from '@energy/device-simulator';
import { countRows, startIngestHarness, waitFor, type IngestHarness } from './ingest-harness';

describe('ingest service with the real broker and MariaDB', () => {
  let h: IngestHarness;
  beforeAll(async () => {
    h = await startIngestHarness({ MAX_PAYLOAD_BYTES: '2048' });
  });
  afterAll(() => h?.close());

  it('stores every simulated reading exactly once and the simulator drops what was acked', async () => {
    const ids = ['sim-a', 'sim-b', 'sim-c'];
    const devices = await Promise.all(ids.map(async (id) => ({ id, secret: await h.broker.provisionDevice(id) })));
    const simulator = new Simulator({ url: h.broker.url, devices, intervalMs: 20, ackTimeoutMs: 2_000 });
    await simulator.start();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const d of simulator.devices) d.pausePublishing();
    const published = simulator.devices.reduce((sum, d) => sum + d.publishedSeqs.size, 0);
    expect(published).toBeGreaterThan(100);
    await waitFor('all published readings stored', async () => (await countRows(h.t, "SELECT COUNT(*) AS n FROM readings WHERE device_id LIKE 'sim-%'")) === published);
    const dupes = await h.t.db.query('SELECT device_id, seq FROM readings GROUP BY device_id, seq HAVING COUNT(*) > 1');
    expect(dupes).toEqual([]);
    // Acks come at most once a second per device (coalesced), so the last ones follow the last commit by up to a second.
    await waitFor('every device to hold nothing', () => simulator.totals().pending === 0);
    expect(simulator.totals()).toMatchObject({ acked: published, pending: 0 });
    await Promise.all(simulator.devices.map((d) => d.stop(false)));
    const [rollup] = await h.t.db.query<{ n: number }>("SELECT SUM(n) AS n FROM rollup_minute WHERE device_id LIKE 'sim-%'");
    expect(Number(rollup!.n)).toBe(published);
  });

  it('stores every good reading, and counts and dead-letters every bad one sent alongside', async () => {
    const secret = await h.broker.provisionDevice('mixed-1');
    const device = await h.deviceClient('mixed-1', secret);
    const gateway = await h.serviceClient('gateway');
    const deadLetters: Array<{ device_id: string; code: string; reason: string }> = [];
    await gateway.subscribeAsync(`energy/+/rejected`, { qos: 1 });
    gateway.on('message', (_topic, payload) => deadLetters.push(JSON.parse(payload.toString())));

    const bad = loadFixtures('reading').filter((c) => !c.valid);
    const oversize = Buffer.from(JSON.stringify({ Voltage: 230, Current: 1, pad: 'x'.repeat(3000) }));
    const badUtf8 = Buffer.concat([Buffer.from('{"Voltage":230,"Current":1,"x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    let seq = 1;
    for (const fixture of [...bad, { payload: oversize }, { payload: badUtf8 }]) {
      await device.publishAsync(topics.reading('mixed-1'), fixture.payload, { qos: 1 });
      await device.publishAsync(topics.reading('mixed-1'), JSON.stringify({ seq: seq++, oldest_seq: 1, Voltage: 230, Current: 2 }), { qos: 1 });
    }
    // A reading for a device nobody provisioned, relayed by a trusted service.
    await gateway.publishAsync(topics.reading('ghost-9'), JSON.stringify({ Voltage: 230, Current: 1 }), { qos: 1 });

    const expectedRejects = bad.length + 3;
    await waitFor('all dead letters', () => deadLetters.length >= expectedRejects);
    await waitFor('every good reading stored', async () => (await countRows(h.t, "SELECT COUNT(*) AS n FROM readings WHERE device_id = 'mixed-1'")) === seq - 1);
    expect(deadLetters.map((d) => d.code).sort()).toEqual(
      [...bad.map((c) => c.code!), 'oversize', 'malformed_json', 'unknown_device'].sort(),
    );
    expect(deadLetters.find((d) => d.device_id === 'ghost-9')?.reason).toBe('device ghost-9 is not provisioned or is revoked');
    const metrics = await (await fetch(`http://127.0.0.1:${h.ingest.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/ingest_messages_rejected_total\{reason="reserved_key",service="ingest"\} 2/);
    expect(metrics).toMatch(/ingest_messages_rejected_total\{reason="unknown_device",service="ingest"\} 1/);
  });

  it("serves the seed's data view with V x I power for legacy readings", async () => {
    const secret = await h.broker.provisionDevice('seed-1');
    const device = await h.deviceClient('seed-1', secret);
    await device.publishAsync(topics.reading('seed-1'), '{"Voltage": 227.5, "Current": 1.42}', { qos: 1 });
    await waitFor('legacy row', async () => (await countRows(h.t, "SELECT COUNT(*) AS n FROM data WHERE device_id = 'seed-1'")) === 1);
    const rows = await h.t.db.query<Record<string, unknown>>('SELECT * FROM data ORDER BY ID DESC LIMIT 50');
    const row = rows.find((r) => r.device_id === 'seed-1')!;
    expect(Object.keys(row)).toEqual(['ID', 'date', 'day', 'time', 'Voltage_V', 'Current_I', 'Power_W', 'device_id']);
    expect(row.Voltage_V).toBe(227.5);
    expect(row.Current_I).toBe(1.42);
    expect(row.Power_W).toBeCloseTo(323.05, 6);
    expect(String(row.time)).toMatch(/^\d{2}:\d{2}:\d{2}$/);
  });

  it('answers /health with the database and bus checks', async () => {
    const res = await fetch(`http://127.0.0.1:${h.ingest.httpPort}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { database: 'ok', bus: 'ok' } });
  });
});
