import { topics, type RejectedMessage } from '@energy/contracts';
import { countRows, startIngestHarness, waitFor, type IngestHarness } from './ingest-harness';

/**
 * Issue 13, defect 3: the ESP32's seq allocator handed out seqs it had not durably reserved, and after
 * a reboot resumed at its old stored limit. The ingest acked every seq at or below its acked mark
 * without looking, so the re-used seqs were dropped as duplicates: 1,600 of 2,100 new readings lost
 * without a trace, each one acked, so the device forgot it.
 */
describe('a device that re-uses seqs after a reboot (real broker and MariaDB)', () => {
  let h: IngestHarness;
  beforeAll(async () => {
    h = await startIngestHarness();
  });
  afterAll(() => h?.close());

  it('keeps every new reading (stored, or quarantined as a conflict and dead-lettered) and acks none before it is kept', async () => {
    const id = 'reuse-1';
    const device = await h.deviceClient(id, await h.broker.provisionDevice(id));
    const gateway = await h.serviceClient('gateway');
    const acks: number[] = [];
    const rejected: RejectedMessage[] = [];
    await device.subscribeAsync(topics.ack(id), { qos: 0 });
    device.on('message', (_topic, payload) => acks.push(JSON.parse(payload.toString()).seq));
    await gateway.subscribeAsync(topics.rejected(id), { qos: 1 });
    gateway.on('message', (_topic, payload) => rejected.push(JSON.parse(payload.toString())));

    const t0 = Date.now() - 2 * 3_600_000;
    const publish = async (seq: number, oldest: number, ts: number, energyWh: number) =>
      device.publishAsync(
        topics.reading(id),
        `{"seq":${seq},"oldest_seq":${oldest},"ts":${ts},"Voltage":230.00,"Current":1.000,"power_w":230.0,"apparent_power_va":230.0,"power_factor":1.000,"energy_wh":${energyWh.toFixed(3)}}`,
        { qos: 1 },
      );

    // Before the reboot: seqs 1..2600, one a second; the device saved its reservation only up to 1000.
    for (let seq = 1; seq <= 2600; seq++) await publish(seq, 1, t0 + seq * 1000, seq * 0.064);
    await waitFor('ack 2600', () => acks.includes(2600), 60_000);

    // After the reboot it resumes at 1001: 2,100 new readings, 1,600 of them on seqs already stored.
    const rebootAt = t0 + 3000 * 1000;
    const ackChecks: Array<Promise<{ ack: number; kept: number }>> = [];
    const keptThrough = (ack: number) =>
      countRows(h.t, `SELECT COUNT(*) AS n FROM (SELECT seq FROM readings WHERE device_id = '${id}' AND ts_ms >= ${rebootAt} AND seq <= ${ack}
                      UNION ALL SELECT seq FROM reading_conflicts WHERE device_id = '${id}' AND seq <= ${ack}) kept`);
    device.on('message', (_topic, payload) => {
      const ack = JSON.parse(payload.toString()).seq as number;
      if (ack > 1000) ackChecks.push(keptThrough(ack).then((kept) => ({ ack, kept })));
    });
    for (let i = 0; i < 2100; i++) await publish(1001 + i, 1001, rebootAt + i * 1000, 2600 * 0.064 + i * 0.064);
    await waitFor('ack 3100', () => acks.includes(3100), 60_000);

    const storedNew = await countRows(h.t, `SELECT COUNT(*) AS n FROM readings WHERE device_id = '${id}' AND ts_ms >= ${rebootAt}`);
    const quarantined = await countRows(h.t, `SELECT COUNT(*) AS n FROM reading_conflicts WHERE device_id = '${id}'`);
    expect({ storedNew, quarantined, lost: 2100 - storedNew - quarantined }).toEqual({ storedNew: 500, quarantined: 1600, lost: 0 });
    // Every ack covered only readings kept by then: the re-used seqs from 1001 up to it.
    expect(ackChecks.length).toBeGreaterThan(0);
    for (const { ack, kept } of await Promise.all(ackChecks)) expect({ ack, kept }).toEqual({ ack, kept: ack - 1000 });

    await waitFor('1,600 dead letters', () => rejected.length >= 1600);
    expect(rejected.every((r) => r.code === 'seq_conflict' && r.reason.startsWith(`seq ${JSON.parse(r.payload).seq} is already stored with a different reading`))).toBe(true);
    const metrics = await (await fetch(`http://127.0.0.1:${h.ingest.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/ingest_seq_conflicts_total\{service="ingest"\} 1600/);
  });

  it('stores re-used seqs that fall into an old reboot gap at their own time, leaving the old energy alone', async () => {
    const id = 'reuse-gap-1';
    const device = await h.deviceClient(id, await h.broker.provisionDevice(id));
    const acks: number[] = [];
    await device.subscribeAsync(topics.ack(id), { qos: 0 });
    device.on('message', (_topic, payload) => acks.push(JSON.parse(payload.toString()).seq));
    const publish = (seq: number, oldest: number, ts: number, energyWh: number) =>
      device.publishAsync(topics.reading(id), `{"seq":${seq},"oldest_seq":${oldest},"ts":${ts},"Voltage":230.00,"Current":1.000,"power_w":230.0,"apparent_power_va":230.0,"power_factor":1.000,"energy_wh":${energyWh.toFixed(3)}}`, { qos: 1 });
    const day = 86_400_000;
    const t0 = Date.now() - 6 * day;
    for (let seq = 1; seq <= 10; seq++) await publish(seq, 1, t0 + seq * 60_000, seq * 3.8);
    // A reboot into a new seq block, three days later.
    for (let seq = 1000; seq <= 1010; seq++) await publish(seq, 1000, t0 + 3 * day + (seq - 999) * 60_000, 100 + (seq - 999) * 3.8);
    await waitFor('ack 1010', () => acks.includes(1010));
    const oldEnergy = () => h.t.db.query(`SELECT bucket_ms, n, energy_wh FROM rollup_minute WHERE device_id = '${id}' ORDER BY bucket_ms`);
    const before = await oldEnergy();

    // Another reboot, resuming at 11: seqs in the gap, readings of today.
    const now = Date.now() - 3_600_000;
    for (let seq = 11; seq <= 20; seq++) await publish(seq, 11, now + (seq - 10) * 60_000, 200 + seq);
    await waitFor('ack 20', () => acks.includes(20));
    expect(await countRows(h.t, `SELECT COUNT(*) AS n FROM readings WHERE device_id = '${id}' AND ts_ms >= ${now} AND energy_delta_wh = 0`)).toBe(10);
    const after = await oldEnergy();
    expect(after.slice(0, before.length)).toEqual(before); // the old buckets, untouched
    const metrics = await (await fetch(`http://127.0.0.1:${h.ingest.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/ingest_readings_out_of_place_total\{service="ingest"\} 10/);
  });
});
