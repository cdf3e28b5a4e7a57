import { topics, type RejectedMessage } from '@energy/contracts';
import { countRows, startIngestHarness, waitFor, type IngestHarness } from './ingest-harness';

/**
 * A sender that puts milliamperes in `Current` stores currents that look real unless the ingest
 * knows the meter's rating (MAX_CURRENT_A) and checks V x I against the apparent power it reports.
 */
describe('the meter rating and V x I guard, through the real broker', () => {
  let h: IngestHarness;
  beforeAll(async () => {
    h = await startIngestHarness(); // MAX_CURRENT_A defaults to 32 A
  });
  afterAll(() => h?.close());

  it('refuses 80 A and a current that disagrees with the apparent power, with reasons, and stores the good reading sent with them', async () => {
    const secret = await h.broker.provisionDevice('rated-1');
    const device = await h.deviceClient('rated-1', secret);
    const gateway = await h.serviceClient('gateway');
    const deadLetters: RejectedMessage[] = [];
    await gateway.subscribeAsync(topics.rejected('rated-1'), { qos: 1 });
    gateway.on('message', (_topic, payload) => deadLetters.push(JSON.parse(payload.toString())));
    const metricsBefore = await rejectedCount();

    const now = Date.now();
    const sends = [
      // 80 mA sent as 80 A by a mis-configured sender
      '{"seq":1,"oldest_seq":1,"ts":TS,"Voltage":230.00,"Current":80.000}',
      // a good reading from the same device
      '{"seq":2,"oldest_seq":1,"ts":TS,"Voltage":230.00,"Current":1.500,"power_w":330.0,"apparent_power_va":345.0,"power_factor":0.957}',
      // 18 mA sent as 18 A, with the apparent power right: V x I is 1000 times too large
      '{"seq":3,"oldest_seq":1,"ts":TS,"Voltage":230.00,"Current":18.000,"power_w":4.1,"apparent_power_va":4.1,"power_factor":1.000}',
      // V x I plainly inconsistent with the apparent power
      '{"seq":4,"oldest_seq":1,"ts":TS,"Voltage":230.00,"Current":2.000,"power_w":300.0,"apparent_power_va":300.0,"power_factor":1.000}',
    ];
    for (const [i, payload] of sends.entries()) await device.publishAsync(topics.reading('rated-1'), payload.replace('TS', String(now + i)), { qos: 1 });

    await waitFor('three dead letters', () => deadLetters.length >= 3);
    await waitFor('the good reading stored', async () => (await countRows(h.t, "SELECT COUNT(*) AS n FROM readings WHERE device_id = 'rated-1'")) === 1);
    expect(await h.t.db.query("SELECT seq, current_a FROM readings WHERE device_id = 'rated-1'")).toEqual([{ seq: 2, current_a: 1.5 }]);
    expect(deadLetters.map((d) => ({ code: d.code, reason: d.reason }))).toEqual([
      { code: 'invalid_field', reason: "Current 80 A is above this meter's 32 A rating (MAX_CURRENT_A); was it sent in mA?" },
      { code: 'invalid_field', reason: 'Current: Voltage x Current = 4140 VA but apparent_power_va is 4.1 VA (1000 times less); was Current sent in mA?' },
      { code: 'invalid_field', reason: 'apparent_power_va: 300 VA disagrees with Voltage x Current = 460 VA by more than 2 %' },
    ]);
    expect(deadLetters.map((d) => d.payload)).toEqual([sends[0], sends[2], sends[3]].map((p, i) => p!.replace('TS', String(now + [0, 2, 3][i]!))));
    expect((await rejectedCount()) - metricsBefore).toBe(3);
  });

  async function rejectedCount(): Promise<number> {
    const metrics = await (await fetch(`http://127.0.0.1:${h.ingest.httpPort}/metrics`)).text();
    return Number(/ingest_messages_rejected_total\{reason="invalid_field",service="ingest"\} (\d+)/.exec(metrics)?.[1] ?? 0);
  }
});
