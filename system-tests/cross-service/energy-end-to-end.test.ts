import { spawn } from 'node:child_process';
import { startOfLocalDayMs, toLocalTime } from '@energy/db';
import { startGatewayHarness, type GatewayHarness } from '@energy/api-gateway/testing';
import { countRows, startIngestHarness, waitFor, type IngestHarness } from '@energy/ingest-service/testing';

const ZONE = 'Europe/Berlin';
const HOUR_MS = 3_600_000;
const STEP_S = 10;

interface Payload {
  seq: number;
  oldest_seq: number;
  ts: number;
  power_w: number;
  energy_wh: number;
  meter_boot?: number;
  meter_wh?: number;
}

/**
 * Issue 13, defects 1 and 2, the way a user meets them: readings published with Debian's
 * mosquitto_pub as a provisioned device through the project's broker, stored by the real ingest in
 * MariaDB, and read back as kWh from the real api-gateway's GET /api/v1/energy.
 * Device time lies in the past (inside the ingest's 7-day MAX_READING_AGE_MS), so hours take seconds.
 */
describe('energy end to end: mosquitto_pub -> broker -> ingest -> MariaDB -> GET /api/v1/energy', () => {
  let h: IngestHarness;
  let gateway: GatewayHarness;

  beforeAll(async () => {
    h = await startIngestHarness({ SITE_TIMEZONE: ZONE });
    gateway = await startGatewayHarness({ SITE_TIMEZONE: ZONE }, { db: h.t, broker: h.broker });
  });
  afterAll(async () => {
    await gateway?.close();
    await h?.close();
  });

  /** Publishes the readings as one mosquitto_pub -l run (one message per line, QoS 1), then waits until all are stored. */
  async function publish(deviceId: string, readings: Payload[]): Promise<void> {
    const secret = await h.broker.provisionDevice(deviceId);
    const port = new URL(h.broker.url).port;
    const lines = readings.map((r) => `${encode(r)}\n`).join('');
    await new Promise<void>((resolve, reject) => {
      const pub = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', port, '-i', deviceId, '-u', deviceId, '-P', secret, '-t', `energy/${deviceId}/reading`, '-q', '1', '-l']);
      let stderr = '';
      pub.stderr.on('data', (chunk) => (stderr += chunk));
      pub.on('error', reject);
      pub.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited ${code}: ${stderr}`))));
      pub.stdin.end(lines);
    });
    await waitFor(`${readings.length} readings of ${deviceId} stored`, async () =>
      (await countRows(h.t, `SELECT COUNT(*) AS n FROM readings WHERE device_id = '${deviceId}'`)) === readings.length,
    );
  }

  async function energy(deviceId: string, fromMs: number, toMs: number, period: 'hour' | 'day') {
    const res = await gateway.request<{ totalKwh: number; buckets: Array<{ label: string; kwh: number }> }>(
      'GET',
      `/api/v1/energy?devices=${deviceId}&from=${fromMs}&to=${toMs}&period=${period}`,
      { token: gateway.adminToken },
    );
    expect(res.status).toBe(200);
    return res.body;
  }

  // The most recent whole hour at least four hours ago: four clean UTC hours, all in the past.
  const t0 = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 4 * HOUR_MS;
  /** A reading every 10 s at 1 kW over [fromS, toS] seconds after t0. */
  const run = (firstSeq: number, fromS: number, toS: number, values: (s: number) => Partial<Payload>): Payload[] => {
    const out: Payload[] = [];
    for (let s = fromS, seq = firstSeq; s <= toS; s += STEP_S, seq++) out.push({ seq, oldest_seq: firstSeq, ts: t0 + s * 1000, power_w: 1000, energy_wh: 0, ...values(s) });
    return out;
  };

  it('1 h at 1 kW, a 1 h power cut, 1 h at 1 kW, the counter resuming 12 Wh below its last value: 2.00 kWh (was 37.97)', async () => {
    // The ESP32's lifetime counter; after the cut it resumes from the value it last saved to flash.
    const before = run(1, 0, 3600, (s) => ({ energy_wh: 34_982 + s / 3.6 })); // ends at 35,982 Wh
    const after = run(1001, 7200, 10_800, (s) => ({ energy_wh: 35_970 + (s - 7200) / 3.6 })); // a new seq block
    await publish('cut-legacy', [...before, ...after]);

    const report = await energy('cut-legacy', t0, t0 + 4 * HOUR_MS, 'hour');
    expect(report.totalKwh).toBeCloseTo(2.0, 5);
    expect(report.buckets.map((b) => b.kwh)).toEqual([1, 0, 1, 0].map((kwh) => expect.closeTo(kwh, 5)));
  });

  it('the same with the meter boot number and its energy since boot: 2.00 kWh, the first 10 s after the cut in the right hour', async () => {
    const before = run(1, 0, 3600, (s) => ({ energy_wh: 34_982 + s / 3.6, meter_boot: 7, meter_wh: 5_000 + s / 3.6 }));
    // The UNO booted when the power came back at 7200 s; its first line reached the ESP32 10 s later.
    const after = run(1001, 7210, 10_800, (s) => ({ energy_wh: 35_970 + (s - 7200) / 3.6, meter_boot: 8, meter_wh: (s - 7200) / 3.6 }));
    await publish('cut-meter', [...before, ...after]);

    const report = await energy('cut-meter', t0, t0 + 4 * HOUR_MS, 'hour');
    expect(report.totalKwh).toBeCloseTo(2.0, 5);
    expect(report.buckets.map((b) => b.kwh)).toEqual([1, 0, 1, 0].map((kwh) => expect.closeTo(kwh, 5)));
  });

  it('an outage 22:30-01:00 local books its energy on the hours and site-local days it covered', async () => {
    // The last night whose 22:00-01:30 is over.
    let nextDay = toLocalTime(Date.now(), ZONE).date;
    if (Date.now() < startOfLocalDayMs(nextDay, ZONE) + 2 * HOUR_MS) nextDay = toLocalTime(startOfLocalDayMs(nextDay, ZONE) - HOUR_MS, ZONE).date;
    const midnight = startOfLocalDayMs(nextDay, ZONE);
    const day = toLocalTime(midnight - 1, ZONE).date;
    const at = (localHoursFromMidnight: number) => (midnight + localHoursFromMidnight * HOUR_MS - t0) / 1000;
    // 1 kW throughout; the ESP32's ring overflowed during the outage, its counter carries the 2.5 kWh.
    const counter = (s: number) => 10_000 + (s - at(-2)) / 3.6;
    const before = run(1, at(-2), at(-1.5), (s) => ({ energy_wh: counter(s) }));
    const after = run(before.length + 900, at(1), at(1.5), (s) => ({ energy_wh: counter(s) }));
    await publish('night-outage', [...before, ...after]);

    const days = await energy('night-outage', startOfLocalDayMs(day, ZONE), midnight + 24 * HOUR_MS, 'day');
    expect(days.buckets.map((b) => [b.label, b.kwh])).toEqual([
      [day, expect.closeTo(2.0, 5)],
      [nextDay, expect.closeTo(1.5, 5)],
    ]);
    const hours = await energy('night-outage', midnight - 2 * HOUR_MS, midnight + 1.5 * HOUR_MS, 'hour');
    expect(hours.buckets.map((b) => b.kwh)).toEqual([1, 1, 1, 0.5].map((kwh) => expect.closeTo(kwh, 5)));
  });
});

/** The canonical key order and decimals (libs/contracts/fixtures/README.md). */
function encode(r: Payload): string {
  const meter = r.meter_boot === undefined ? '' : `,"meter_boot":${r.meter_boot},"meter_wh":${r.meter_wh!.toFixed(3)}`;
  return (
    `{"seq":${r.seq},"oldest_seq":${r.oldest_seq},"ts":${r.ts},"Voltage":230.00,"Current":${(r.power_w / 230).toFixed(3)},` +
    `"power_w":${r.power_w.toFixed(1)},"apparent_power_va":${r.power_w.toFixed(1)},"power_factor":1.000,"energy_wh":${r.energy_wh.toFixed(3)}${meter}}`
  );
}
