import { topics, type RejectedMessage } from '@energy/contracts';
import { countRows, startIngestHarness, waitFor, type IngestHarness } from './ingest-harness';

/**
 * Issue 16 (low): the ingest trusted a device's `oldest_seq`. One reading with
 * `seq = oldest_seq = 4294967295` moved the ack to the maximum, so the device forgot every reading it
 * held, and its later seqs all lay below the stored maximum.
 */
describe('a reading whose seq jumps to the maximum (real broker and MariaDB)', () => {
  let h: IngestHarness;
  beforeAll(async () => {
    h = await startIngestHarness({ MAX_SEQ_JUMP: '1000' });
  });
  afterAll(() => h?.close());

  it('is refused as seq_jump (counted, dead-lettered), never stored, and the ack stays where it was', async () => {
    const id = 'jump-1';
    const device = await h.deviceClient(id, await h.broker.provisionDevice(id));
    const gateway = await h.serviceClient('gateway');
    const acks: number[] = [];
    const rejected: RejectedMessage[] = [];
    await device.subscribeAsync(topics.ack(id), { qos: 0 });
    device.on('message', (_topic, payload) => acks.push(JSON.parse(payload.toString()).seq));
    await gateway.subscribeAsync(topics.rejected(id), { qos: 1 });
    gateway.on('message', (_topic, payload) => rejected.push(JSON.parse(payload.toString())));
    const t0 = Date.now() - 60_000;
    const publish = (seq: number, oldest: number, ts: number) =>
      device.publishAsync(topics.reading(id), `{"seq":${seq},"oldest_seq":${oldest},"ts":${ts},"Voltage":230.00,"Current":1.000,"power_w":230.0}`, { qos: 1 });

    for (let seq = 1; seq <= 10; seq++) await publish(seq, 1, t0 + seq * 1000);
    await waitFor('ack 10', () => acks.includes(10));

    await publish(4_294_967_295, 4_294_967_295, t0 + 11_000);
    await waitFor('the seq_jump dead letter', () => rejected.some((r) => r.code === 'seq_jump'));
    expect(rejected.find((r) => r.code === 'seq_jump')!.reason).toMatch(/seq 4294967295 jumps .* past the highest seq 10/);

    // The device goes on; its readings are stored and acked as before.
    for (let seq = 11; seq <= 15; seq++) await publish(seq, 11, t0 + (seq + 1) * 1000);
    await waitFor('ack 15', () => acks.includes(15));
    expect(Math.max(...acks)).toBe(15);
    expect(await countRows(h.t, `SELECT COUNT(*) AS n FROM readings WHERE device_id = '${id}'`)).toBe(15);
    expect(await countRows(h.t, `SELECT COUNT(*) AS n FROM readings WHERE device_id = '${id}' AND seq > 15`)).toBe(0);
    const metrics = await (await fetch(`http://127.0.0.1:${h.ingest.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/ingest_messages_rejected_total\{reason="seq_jump",service="ingest"\} 1\b/);
  });
});
