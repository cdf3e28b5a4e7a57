import { servicePatterns, type AlertRule, type AlertServiceReply } from '@energy/contracts';
import { localDate } from '../src/evaluation/daily-energy.repository';
import { AlertHarness, sleep, waitFor } from './alert-harness';

/**
 * The daily_energy_above rule against MariaDB: the service reads the site-local day's energy from the
 * ingest's day rollup (through libs/db's read module), so only today's row counts, in the site's time zone.
 */
describe('daily_energy_above alerts (real broker, MariaDB)', () => {
  let h: AlertHarness;
  const DAY = 86_400_000;
  const alertsFor = (deviceId: string) => h.query<{ state: string; kind: string; value: number }>('SELECT state, kind, value FROM alerts WHERE device_id = ? ORDER BY id', [deviceId]);
  /** A day rollup as the ingest leaves it: one reading's measurements and the day's energy. */
  const setDayEnergy = (deviceId: string, day: string, energyWh: number) =>
    h.query(
      `INSERT INTO rollup_day (device_id, day, n, v_sum, v_min, v_max, i_sum, i_min, i_max, p_sum, p_min, p_max, energy_wh)
       VALUES (?, ?, 1, 230, 230, 230, 1, 1, 1, 230, 230, 230, ?) ON DUPLICATE KEY UPDATE energy_wh = VALUES(energy_wh)`,
      [deviceId, day, energyWh],
    );

  beforeAll(async () => {
    h = await AlertHarness.start();
    await h.startService({ DAILY_ENERGY_CHECK_MS: '200' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it("raises when today's energy in the site's time zone passes the threshold, and not on another day's energy", async () => {
    const created = await h.rpc<AlertServiceReply<AlertRule>>(servicePatterns.alertRulesCreate, { name: 'oven over 1 kWh a day', deviceId: 'oven-1', kind: 'daily_energy_above', threshold: 1_000, holdSeconds: 0 });
    expect(created.ok).toBe(true);
    await h.publishSeries('oven-1', [230]); // the service checks the devices it has heard from
    const today = localDate(Date.now(), 'Europe/Berlin');
    await setDayEnergy('oven-1', localDate(Date.now() - DAY, 'Europe/Berlin'), 5_000);
    await setDayEnergy('oven-1', today, 800);
    await sleep(1_000); // five checks
    expect(await alertsFor('oven-1')).toEqual([]);

    await setDayEnergy('oven-1', today, 1_500);
    await waitFor('the daily energy alert', async () => (await alertsFor('oven-1')).length > 0);
    expect(await alertsFor('oven-1')).toEqual([{ state: 'active', kind: 'daily_energy_above', value: 1_500 }]);
  });
});
