import { encodeReading, parseReading, topics } from '@energy/contracts';
import { countRows, startIngestHarness, waitFor, type IngestHarness } from '@energy/ingest-service/testing';
import { samplePayloads } from './payload-arbitraries';

/**
 * Property-based fuzzing of the reading payload: 10,000 hostile payloads through parseReading, then a
 * bounded run of 2,000 through the real broker and ingest, interleaved with valid sequenced readings
 * from the same device. Nothing crashes, every refusal has a code and a reason and is counted, and
 * every valid reading is stored exactly once.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);

describe('hostile reading payloads', () => {
  it('parseReading never throws on 10,000 malformed payloads, and every refusal has a code and a reason', () => {
    const payloads = samplePayloads(10_000, SEED);
    const codes = new Map<string, number>();
    for (const payload of payloads) {
      let result: ReturnType<typeof parseReading>;
      try {
        result = parseReading(payload);
      } catch (err) {
        throw new Error(`parseReading threw on ${Buffer.from(payload).toString('base64').slice(0, 200)}: ${(err as Error).message}`);
      }
      if (result.ok) {
        // A random payload may be valid; then it must round-trip to a sane reading.
        expect(Number.isFinite(result.reading.Voltage) && Number.isFinite(result.reading.Current)).toBe(true);
        codes.set('ok', (codes.get('ok') ?? 0) + 1);
        continue;
      }
      expect(['oversize', 'malformed_json', 'reserved_key', 'invalid_field']).toContain(result.code);
      expect(typeof result.reason).toBe('string');
      expect(result.reason.length).toBeGreaterThan(0);
      codes.set(result.code, (codes.get(result.code) ?? 0) + 1);
    }
    // The generators reach every refusal path.
    for (const code of ['oversize', 'malformed_json', 'reserved_key', 'invalid_field']) expect(codes.get(code) ?? 0).toBeGreaterThan(0);
    expect(codes.get('ok') ?? 0).toBeLessThan(500); // e.g. a broken field that drew an in-range number
  });

  describe('through the real broker and ingest', () => {
    let h: IngestHarness;
    beforeAll(async () => {
      h = await startIngestHarness();
    });
    afterAll(async () => {
      await h?.close();
    });

    async function rejectedTotal(): Promise<number> {
      const text = await (await fetch(`http://127.0.0.1:${h.ingest.httpPort}/metrics`)).text();
      return text
        .split('\n')
        .filter((l) => l.startsWith('ingest_messages_rejected_total'))
        .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    }

    it('stores every valid reading exactly once and counts every refusal, with 2,000 hostile payloads interleaved', async () => {
      const deviceId = 'fuzz-1';
      const secret = await h.broker.provisionDevice(deviceId);
      const device = await h.deviceClient(deviceId, secret);
      // Only payloads the contract refuses and the broker lets through (it closes the connection of a client over its 16 KiB limit).
      const hostile = samplePayloads(6_000, SEED + 1)
        .filter((p) => p.byteLength <= 16 * 1024 && !parseReading(p).ok)
        .slice(0, 2_000);
      expect(hostile.length).toBe(2_000);
      const before = await rejectedTotal();

      const VALID = 500;
      let seq = 0;
      const topic = topics.reading(deviceId);
      for (let i = 0; i < hostile.length; i++) {
        await device.publishAsync(topic, Buffer.from(hostile[i]!), { qos: 1 });
        if (i % 4 === 0 && seq < VALID) {
          seq++;
          await device.publishAsync(topic, encodeReading({ seq, ts: Date.now(), Voltage: 230, Current: 1 + (seq % 10) / 10 }), { qos: 1 });
        }
      }
      while (seq < VALID) {
        seq++;
        await device.publishAsync(topic, encodeReading({ seq, ts: Date.now(), Voltage: 230, Current: 1 }), { qos: 1 });
      }
      expect(device.connected).toBe(true);

      await waitFor('every valid reading stored', async () => (await countRows(h.t)) >= VALID, 60_000);
      await waitFor('every hostile payload counted', async () => (await rejectedTotal()) - before >= hostile.length, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await countRows(h.t)).toBe(VALID);
      expect(await h.t.db.query('SELECT seq FROM readings GROUP BY device_id, seq HAVING COUNT(*) > 1')).toEqual([]);
      expect((await rejectedTotal()) - before).toBe(hostile.length);
      const health = await fetch(`http://127.0.0.1:${h.ingest.httpPort}/health`);
      expect(health.status).toBe(200);
    });
  });
});
