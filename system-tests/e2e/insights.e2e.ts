import { encodeTelemetryBatch, telemetryBatchTopicFor, type Telemetry } from '@energy/contracts';
import { LoadModel } from '@energy/device-simulator';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from './support/api';
import { launchChromium, screenshot } from './support/browser';
import { INSIGHTS_DEVICE } from './support/global-setup';
import { stackInfo } from './support/stack-info';

/**
 * The Insights page (issue 18) in Chromium against the whole system with the analytics service: five
 * weeks of history for one device (seeded as rollups before the service started), and four hours of
 * its 1 Hz stream played on the ingest's telemetry stream, so appliances appear and can be named.
 */
describe('Insights page in a real browser', () => {
  const info = stackInfo();
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
    page.on('pageerror', (err) => console.error('browser page error:', err));
    await page.goto(`${info.gatewayUrl}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill(info.adminPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/live/);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const openInsights = async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insights' }).click();
    await page.waitForURL(/\/insights/);
    await page.getByTestId('insights-device').selectOption(INSIGHTS_DEVICE);
  };

  it('shows the always-on load, the month forecast with its range, the unusual period with its sentence, and the past week against the forecast', async () => {
    await openInsights();
    await waitFor('the base load', async () => /^\d+\s*W$/.test(((await page.getByTestId('base-load').textContent()) ?? '').trim()), 30_000);
    const projection = page.getByTestId('insights-projection');
    await waitFor('the month projection', async () => /\d/.test((await projection.textContent()) ?? ''), 30_000);
    await expect(page.locator('.tile.highlight .tile-sub').textContent()).resolves.toMatch(/likely [\d.,]+–[\d.,]+ kWh/);
    const finding = page.getByTestId('findings').locator('li').first();
    await finding.waitFor({ timeout: 30_000 });
    await expect(finding.textContent()).resolves.toMatch(/Stuck readings.*The same reading .* for 2 h 00 min/s);
    await page.getByTestId('forecast-accuracy').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('forecast-accuracy').textContent()).resolves.toMatch(/Off by [\d.]+ kWh an hour on average; \d+ % of hours inside the band/);
    await screenshot(page, 'insights');
  });

  it('lists the appliances seen on the live stream and keeps the name the user gives one', async () => {
    // Four hours of the simulator's load (a fridge cycling 15 min in 45, kettles, heaters) at 1 Hz, as the ingest forwards them.
    const ingest = await mqtt.connectAsync(info.mqttUrl, { clientId: 'ingest-e2e-insights', username: 'ingest', password: info.ingestPassword });
    const model = new LoadModel({ seed: 3, spikeChancePerSecond: 0 });
    const start = Date.now() - 4 * 3_600_000;
    for (let s = 0; s < 4 * 3600; s += 50) {
      const readings: Telemetry[] = [];
      for (let k = s; k < s + 50; k++) {
        const m = model.sample(start + k * 1000);
        readings.push({ device_id: INSIGHTS_DEVICE, seq: k, ts: start + k * 1000, ts_source: 'device', voltage_v: m.voltageV, current_a: m.currentA, power_w: m.powerW, power_kind: 'real', apparent_power_va: m.apparentPowerVa, power_factor: m.powerFactor, energy_wh: null });
      }
      await ingest.publishAsync(telemetryBatchTopicFor(INSIGHTS_DEVICE), encodeTelemetryBatch(readings), { qos: 1 });
    }
    await ingest.endAsync();

    const fridge = page.getByTestId('signatures').locator('tr', { hasText: 'fridge-like' });
    await waitFor(
      'the fridge-like signature',
      async () => {
        // A fresh load asks the service again (the page fetches when it opens or the device changes).
        await page.reload();
        await page.getByTestId('insights-device').selectOption(INSIGHTS_DEVICE);
        await page.getByTestId('signatures').or(page.getByTestId('no-signatures')).first().waitFor();
        return (await fridge.count()) > 0;
      },
      60_000, // 14,400 readings through the broker and the analytics service: seconds alone, longer on a loaded CI machine
      1_000,
    );
    await expect(fridge.textContent()).resolves.toMatch(/≈1[12]0 W, 15 min every 45 min: fridge-like/);
    await fridge.getByRole('textbox').fill('Garage fridge');
    await fridge.getByRole('button', { name: 'Save' }).click();
    const named = page.getByTestId('signatures').locator('tr', { hasText: 'Garage fridge' });
    await named.waitFor();
    // Stored, not just shown: a fresh page load asks the service again.
    await page.reload();
    await page.getByTestId('insights-device').selectOption(INSIGHTS_DEVICE);
    await page.getByTestId('signatures').locator('tr', { hasText: ': Garage fridge' }).waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('signatures').locator('tr', { hasText: 'Garage fridge' }).getByRole('textbox').inputValue()).resolves.toBe('Garage fridge');
    await screenshot(page, 'insights-named');
  });
});
