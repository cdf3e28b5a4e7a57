import { startOfLocalDayMs, writeSiteTimeZone } from '@energy/db';
import { request as httpRequest } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A forced collection before each sample, so the figure is what is live, not garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
import { loadReadings } from './history-data';
import { localDays, spreadEnergy } from './spread-energy';
import { INJECTIONS, startGatewayHarness, type GatewayHarness } from './gateway-harness';

const ZONE = 'Europe/Berlin';
const START = startOfLocalDayMs('2026-10-24', ZONE);
const END = startOfLocalDayMs('2026-10-26', ZONE);
const BIG_START = Date.UTC(2025, 0, 1);
const BIG_ROWS = 1_000_000;

/** Reads a response slowly (like a client on a slow link), sampling this process's memory meanwhile. */
function slowDownload(url: string, token: string, bytesPerTick: number): Promise<{ status: number; bytes: number; lines: number; firstLines: string[]; peakGrowthBytes: number }> {
  return new Promise((resolve, reject) => {
    gc();
    const baseline = process.memoryUsage();
    let peak = 0;
    let ticks = 0;
    const sample = () => {
      if (++ticks % 20 !== 0) return;
      gc();
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed + m.arrayBuffers - (baseline.heapUsed + baseline.arrayBuffers));
    };
    const req = httpRequest(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      let lines = 0;
      let head = '';
      let budget = bytesPerTick;
      const timer = setInterval(() => {
        sample();
        budget = bytesPerTick;
        res.resume();
      }, 10);
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (head.length < 2000) head += chunk.toString();
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
        budget -= chunk.length;
        if (budget <= 0) res.pause();
      });
      res.on('end', () => {
        clearInterval(timer);
        resolve({ status: res.statusCode ?? 0, bytes, lines, firstLines: head.split('\n').slice(0, 3), peakGrowthBytes: peak });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('CSV export', () => {
  let h: GatewayHarness;
  const csv = (query: string) => h.request('GET', `/api/v1/export.csv?${query}`, { token: h.adminToken });

  beforeAll(async () => {
    h = await startGatewayHarness({ SITE_TIMEZONE: ZONE });
    await loadReadings(h.db.db, ZONE, ['kitchen-1', 'garage-2'], START, END - START, 60_000);
    // As the ingest does at start-up, so the seed's data view (the reference below) shows site-local time.
    await writeSiteTimeZone(h.db.db, ZONE);
    // A million raw rows for one device, written by MariaDB itself (the sequence engine) to keep the test quick.
    await h.db.db.execute(
      `INSERT INTO readings (device_id, seq, ts_ms, ts_source, received_ms, voltage_v, current_a, power_w, power_kind, apparent_power_va, energy_delta_wh)
       SELECT 'bulk-1', seq, ? + seq * 1000, 'device', ? + seq * 1000, 230 + (seq % 7), 1 + (seq % 5) / 10, 230, 'apparent', 230, 0.064
       FROM seq_1_to_${BIG_ROWS}`,
      [BIG_START, BIG_START],
    );
  }, 90_000);
  afterAll(() => h.close());

  it('exports raw readings with the seed columns plus the device, in site-local time', async () => {
    const res = await csv(`devices=garage-2,kitchen-1&from=${START}&to=${END}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = res.text.trimEnd().split('\n');
    expect(lines[0]).toBe('ID,date,day,time,Voltage_V,Current_I,Power_W,device_id');
    const rows = await h.db.db.query<Record<string, unknown>>(
      "SELECT ID, date, day, time, Voltage_V, Current_I, Power_W, device_id FROM data WHERE device_id IN ('kitchen-1', 'garage-2') ORDER BY device_id, ID",
    );
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines.slice(1)).toEqual(rows.map((r) => [r.ID, r.date, r.day, r.time, r.Voltage_V, r.Current_I, r.Power_W, r.device_id].join(',')));
    expect(lines[1]).toMatch(/^\d+,2026-10-24,Saturday,00:00:00,/);
  });

  it('exports rollups with min, max and energy', async () => {
    const header = 'date,day,time,Voltage_V,Current_I,Power_W,device_id,Voltage_V_min,Voltage_V_max,Current_I_min,Current_I_max,Power_W_min,Power_W_max,Energy_Wh';
    const hourly = (await csv(`devices=kitchen-1&from=${START}&to=${END}&resolution=hour`)).text.trimEnd().split('\n');
    expect(hourly[0]).toBe(header);
    expect(hourly).toHaveLength(1 + 49); // 24 + 25 hours
    expect(hourly[1]).toMatch(/^2026-10-24,Saturday,00:00:00,[\d.]+,[\d.]+,[\d.]+,kitchen-1,/);
    const daily = (await csv(`devices=kitchen-1&from=${START}&to=${END}&resolution=day`)).text.trimEnd().split('\n');
    expect(daily.map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['date,day,time', '2026-10-24,Saturday,00:00:00', '2026-10-25,Sunday,00:00:00']);
    // The energy as the ingest books it: each reading's interval spread over the local days it covers.
    const wh = (await spreadEnergy(h.db.db, 'kitchen-1', localDays(ZONE))).get('2026-10-25')!;
    expect(Number(daily[2]!.split(',')[13])).toBeCloseTo(wh, 3);
    const [{ c: minutes }] = (await h.db.db.query<{ c: number }>("SELECT COUNT(*) AS c FROM rollup_minute WHERE device_id = 'kitchen-1' AND bucket_ms >= ? AND bucket_ms < ?", [START, END])) as [{ c: number }];
    expect(Number(minutes)).toBeGreaterThan(48 * 60); // 49 hours, less the outage
    expect((await csv(`devices=kitchen-1&from=${START}&to=${END}&resolution=minute`)).text.trimEnd().split('\n')).toHaveLength(1 + Number(minutes));
  });

  it('streams a million rows to a slow client with bounded memory', async () => {
    const result = await slowDownload(`${h.url}/api/v1/export.csv?devices=bulk-1&from=${BIG_START}&to=${BIG_START + (BIG_ROWS + 1) * 1000}`, h.adminToken, 400_000);
    expect(result.status).toBe(200);
    expect(result.lines).toBe(BIG_ROWS + 1);
    expect(result.firstLines[1]).toMatch(/^\d+,2025-01-01,Wednesday,01:00:01,231,1.1,230,bulk-1$/); // 00:00:01 UTC in Berlin
    expect(result.bytes).toBeGreaterThan(50_000_000);
    // The whole CSV is over 50 MB; the gateway (in this process) holds a small window of it at a time.
    expect(result.peakGrowthBytes).toBeLessThan(16_000_000);
  }, 90_000);

  it('survives clients that go away mid-export (no leaked database connections)', async () => {
    // Fewer aborts than pool connections would prove nothing about leaks; 12 exceeds the pool of 10.
    for (let i = 0; i < 12; i++) {
      const ac = new AbortController();
      const res = await fetch(`${h.url}/api/v1/export.csv?devices=bulk-1&from=${BIG_START}&to=${BIG_START + (BIG_ROWS + 1) * 1000}`, {
        headers: { authorization: `Bearer ${h.adminToken}` },
        signal: ac.signal,
      });
      const reader = res.body!.getReader();
      await reader.read();
      ac.abort();
    }
    const after = await h.request('GET', `/api/v1/history?devices=kitchen-1&from=${START}&to=${END}`, { token: h.adminToken });
    expect(after.status).toBe(200);
  }, 60_000);

  it('refuses bad parameters and injection', async () => {
    expect((await csv(`devices=kitchen-1&from=${START}&to=${END}&resolution=auto`)).body.message).toBe('resolution: must be raw, minute, hour or day');
    expect((await csv(`from=${START}&to=${END}`)).status).toBe(400);
    expect((await h.request('GET', `/api/v1/export.csv?devices=kitchen-1&from=${START}&to=${END}`)).status).toBe(401);
    for (const evil of INJECTIONS.map(encodeURIComponent)) {
      for (const query of [`devices=${evil}&from=${START}&to=${END}`, `devices=kitchen-1&from=${evil}&to=${END}`, `devices=kitchen-1&from=${START}&to=${END}&resolution=${evil}`]) {
        const res = await csv(query);
        if (res.status === 200) expect(res.text.trimEnd().split('\n')).toHaveLength(1);
        else expect(res.status).toBe(400);
      }
    }
  });
});
