import { topics } from '@energy/contracts';
import { Simulator } from '@energy/device-simulator';
import { countRows, startIngestHarness, waitFor, type IngestHarness } from './ingest-harness';

/**
 * Acks are cumulative, so the ingest sends at most one per device per ACK_WINDOW_MS (1 s). A device
 * that publishes a run of readings gets one or two acks for all of them, and the simulator (which
 * forgets readings as the ESP32 does: everything up to the acked seq) drops the whole run.
 */
describe('coalesced acks', () => {
  let h: IngestHarness;
  beforeAll(async () => {
    // Small batches: every reading of the run commits in a batch of its own, which used to mean an ack each.
    h = await startIngestHarness({ BATCH_MAX_MS: '5' });
  });
  afterAll(() => h?.close());

  it('a run of 30 readings committed in many batches is released by two acks at most, with nothing re-sent', async () => {
    const id = 'run-1';
    const secret = await h.broker.provisionDevice(id);
    const watcher = await h.serviceClient('gateway');
    const acks: number[] = [];
    await watcher.subscribeAsync(topics.ack(id), { qos: 0 });
    watcher.on('message', (_topic, payload) => acks.push(JSON.parse(payload.toString()).seq));
    const batchesBefore = await batchCount(h);

    // No readings of its own (one an hour); the test publishes the run.
    const simulator = new Simulator({ url: h.broker.url, devices: [{ id, secret }], intervalMs: 3_600_000, ackTimeoutMs: 10_000 });
    await simulator.start();
    const device = simulator.device(id);
    const seqs: number[] = [];
    for (let i = 0; i < 30; i++) {
      seqs.push(device.publishReading()!);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await waitFor('the device to hold nothing', () => device.pending.size === 0);
    expect(await countRows(h.t, `SELECT COUNT(*) AS n FROM readings WHERE device_id = '${id}'`)).toBe(30);
    const batches = (await batchCount(h)) - batchesBefore;

    expect(batches).toBeGreaterThanOrEqual(10); // one ack per batch would have been 10 or more
    expect(acks.length).toBeLessThanOrEqual(2);
    expect(acks.at(-1)).toBe(seqs.at(-1));
    expect(device.stats()).toMatchObject({ published: 30, acked: 30, pending: 0, resent: 0 });
    await simulator.stop();
  });
});

async function batchCount(h: IngestHarness): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${h.ingest.httpPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('ingest_batch_write_seconds_count'));
  return Number(line?.split(' ').pop() ?? 0);
}
