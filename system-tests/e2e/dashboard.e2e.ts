import { readFileSync } from 'node:fs';
import type { AlertRule } from '@energy/contracts';
import { SimulatedDevice, Simulator } from '@energy/device-simulator';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Api, waitFor } from './support/api';
import { horizontalOverflow, launchChromium, screenshot } from './support/browser';
import { stackInfo } from './support/stack-info';

/**
 * The dashboard in Chromium against the whole running system (broker, ingest, alert service,
 * gateway) with simulated meters publishing once a second. The steps run in order, like a user's
 * first session: log in, watch live, look back, handle an alert, add a meter, then the phone.
 */
describe('dashboard in a real browser', () => {
  const info = stackInfo();
  let api: Api;
  let simulator: Simulator;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const extraDevices: SimulatedDevice[] = [];

  async function login(p: Page): Promise<void> {
    await p.goto(`${info.gatewayUrl}/`);
    await p.waitForURL(/\/login/);
    await p.getByLabel('User name').fill('admin');
    await p.getByLabel('Password').fill(info.adminPassword);
    await p.getByRole('button', { name: 'Log in' }).click();
    await p.waitForURL(/\/live/);
  }

  async function nav(p: Page, label: string, path: string): Promise<void> {
    await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
    await p.waitForURL(new RegExp(path));
  }

  const pointsInView = async (p: Page) => Number((await p.getByTestId('chart-power').locator('.chart-foot').textContent())?.match(/(\d+) points/)?.[1] ?? NaN);

  beforeAll(async () => {
    api = await Api.login(info.gatewayUrl, info.adminPassword);
    simulator = new Simulator({
      devices: Object.entries(info.devices).map(([id, secret]) => ({ id, secret })),
      url: info.mqttUrl,
      intervalMs: 1000,
      withClock: true,
      qos: 1,
      spikeChancePerSecond: 0,
    });
    await simulator.start();

    // The alert service creates its default rule (500 W, 10 s hold) on first start; for a fast and
    // predictable scenario it is switched off and replaced by a 1 s hold on the heater.
    const defaults = await waitFor('the default rule', async () => {
      const rules = await api.call<AlertRule[]>('GET', '/rules');
      return rules.length > 0 ? rules : null;
    });
    for (const r of defaults) {
      const { id: _id, createdAt: _c, updatedAt: _u, ...settings } = r;
      await api.call('PUT', `/rules/${r.id}`, { ...settings, enabled: false });
    }
    await api.call('POST', '/rules', { name: 'Heater overload', deviceId: 'e2e-heater', kind: 'power_above', threshold: 2000, holdSeconds: 1, severity: 'critical' });

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, colorScheme: 'light' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: info.gatewayUrl });
    page = await context.newPage();
    page.on('pageerror', (err) => console.error('browser page error:', err));
  });

  afterAll(async () => {
    await browser?.close();
    await simulator?.stop(false);
    await Promise.all(extraDevices.map((d) => d.stop(false)));
  });

  it('logs in', async () => {
    await page.goto(`${info.gatewayUrl}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong user name or password' }).waitFor();
    await page.getByLabel('Password').fill(info.adminPassword);
    await screenshot(page, 'login');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/live/);
    await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
  });

  it('shows the live power chart gaining points pushed from the simulated meters', async () => {
    await page.getByTestId('device-select').selectOption('e2e-kitchen');
    await page.waitForURL(/device=e2e-kitchen/);
    await page.getByTestId('tile-status').filter({ hasText: 'Online' }).waitFor();
    // The window opens filled from the stored hour; then the push appends: the newest point moves
    // forward, second by second, and is as fresh as the simulated meter's clock.
    const chart = page.getByTestId('chart-power').locator('figure');
    const latest = async () => Number((await chart.getAttribute('data-latest-ts')) ?? 0);
    const first = await waitFor('the first live point', async () => ((await latest()) > Date.now() - 5_000 ? latest() : null), 10_000);
    const later = await waitFor('two more pushed points', async () => ((await latest()) >= first + 2_000 ? latest() : null), 8_000);
    expect(later - Date.now()).toBeGreaterThan(-5_000);
    expect(await pointsInView(page)).toBeGreaterThan(600); // 15 minutes at 1 Hz, from history and the push
    // The tile follows the same push: a power value in watts.
    await expect(page.getByTestId('tile-power').textContent()).resolves.toMatch(/\d+\s*W/);
    // The canvas really was drawn on (not a blank element).
    const drawn = await page.getByTestId('chart-power').locator('canvas').evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext('2d')!;
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return painted;
    });
    expect(drawn).toBeGreaterThan(500);
    await screenshot(page, 'live');
  });

  it('draws three charts of a 60-minute window at 1 Hz at more than 10 frames/s, long tasks under 30 % of the time', async () => {
    await page.getByRole('radio', { name: '60 min' }).check();
    // The last hour was stored at 1 Hz: the window opens full, then keeps sliding with the push.
    await waitFor('a full hour in view', async () => (await pointsInView(page)) >= 3500, 15_000);
    const stats = await page.evaluate(async () => {
      let busyMs = 0;
      let longestMs = 0;
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          busyMs += e.duration;
          longestMs = Math.max(longestMs, e.duration);
        }
      });
      observer.observe({ type: 'longtask', buffered: false });
      const t0 = performance.now();
      let frames = 0;
      await new Promise<void>((resolve) => {
        const tick = () => {
          frames++;
          if (performance.now() - t0 < 5_000) requestAnimationFrame(tick);
          else resolve();
        };
        requestAnimationFrame(tick);
      });
      observer.disconnect();
      const seconds = (performance.now() - t0) / 1000;
      return { seconds, framesPerSecond: frames / seconds, longTaskShare: busyMs / (seconds * 1000), longestMs };
    });
    console.log(`60-minute window, 3 charts: ${stats.framesPerSecond.toFixed(0)} frames/s, long tasks ${(stats.longTaskShare * 100).toFixed(1)} % of the time, longest ${stats.longestMs.toFixed(0)} ms`);
    // Lenient bounds (a shared CI machine, software rendering): each 1 Hz update must be cheap.
    expect(stats.longTaskShare).toBeLessThan(0.3);
    expect(stats.framesPerSecond).toBeGreaterThan(10);
    expect(await pointsInView(page)).toBeGreaterThanOrEqual(3500);
    await screenshot(page, 'live-60min');
  });

  it('opens History for the last hour and shows data', async () => {
    await nav(page, 'History', '/history');
    await expect(page.getByRole('radio', { name: 'Hour' }).isChecked()).resolves.toBe(true);
    const status = await waitFor('history points', async () => {
      const text = (await page.getByTestId('history-status').textContent()) ?? '';
      const n = Number(text.match(/(\d+) points/)?.[1] ?? 0);
      return n > 0 ? text : null;
    });
    expect(status).toMatch(/every reading|averages/);
    // It starts with the device chosen on the live page; overlay a second one.
    await expect(page.getByRole('checkbox', { name: 'e2e-kitchen' }).isChecked()).resolves.toBe(true);
    await page.getByRole('checkbox', { name: 'e2e-garage' }).check();
    await waitFor('two series', async () => ((await page.locator('em-history-chart canvas').getAttribute('aria-label')) ?? '').includes('of 2 device'));
    await screenshot(page, 'history');

    // A day is a rollup: averages with a min/max band, and zoom buttons narrow the range and refetch.
    await page.getByRole('radio', { name: 'Day', exact: true }).check();
    await page.getByTestId('history-status').filter({ hasText: /\d+ points, .*averages with min\/max/ }).waitFor();
    await screenshot(page, 'history-day');
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect(page.getByRole('button', { name: 'Reset zoom' }).isEnabled()).resolves.toBe(true);
    await page.getByTestId('history-status').filter({ hasText: /\d+ points/ }).waitFor();
  });

  it('raises an alert in the banner on a simulated overload, and acknowledges it', async () => {
    await nav(page, 'Live', '/live');
    simulator.device('e2e-heater').loadModel.forceExtraLoad(2500);
    const banner = page.getByTestId('alert-banner').filter({ hasText: 'e2e-heater' });
    await banner.waitFor({ timeout: 20_000 });
    await expect(banner.getAttribute('data-severity')).resolves.toBe('critical');
    await screenshot(page, 'alert-banner', false);

    await banner.getByRole('button', { name: /Acknowledge/ }).click();
    await banner.getByTestId('alert-acknowledged').waitFor();
    const stored = await api.call<{ state: string; deviceId: string }[]>('GET', '/alerts?device=e2e-heater');
    expect(stored[0]).toMatchObject({ deviceId: 'e2e-heater', state: 'acknowledged' });

    await nav(page, 'Alerts', '/alerts');
    await page.getByTestId('alert-row').filter({ hasText: 'acknowledged' }).first().waitFor();
    await screenshot(page, 'alerts');
    simulator.device('e2e-heater').loadModel.forceExtraLoad(null);
  });

  it('provisions a device: the secret is shown once with a copyable MQTT configuration that works', async () => {
    await nav(page, 'Devices', '/devices');
    await page.getByLabel('Device id').fill('Bad Id!');
    await page.getByRole('button', { name: 'Add device' }).click();
    await page.getByText('Use lower-case letters').waitFor();

    await page.getByLabel('Device id').fill('e2e-workshop');
    await page.getByLabel(/^Name/).fill('Workshop');
    await page.getByRole('button', { name: 'Add device' }).click();
    const panel = page.getByTestId('secret-panel');
    await panel.waitFor();
    const secret = ((await panel.getByTestId('device-secret').textContent()) ?? '').trim();
    expect(secret.length).toBeGreaterThanOrEqual(16);
    await panel.getByTestId('copy-firmware').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('#define CFG_DEVICE_ID "e2e-workshop"');
    expect(copied).toContain(`#define CFG_DEVICE_SECRET "${secret}"`);
    const mqtt = JSON.parse((await panel.getByTestId('mqtt-json').textContent()) ?? '{}') as { username: string; password: string; port: number };
    expect(mqtt).toMatchObject({ username: 'e2e-workshop', password: secret });
    await page.locator('[data-device="e2e-workshop"]').waitFor();
    await screenshot(page, 'devices-provisioned');

    // The configuration shown is the one that works: a meter using it connects and is seen online.
    const workshop = new SimulatedDevice({ id: 'e2e-workshop', secret, url: info.mqttUrl, intervalMs: 1000, withClock: true, qos: 1, spikeChancePerSecond: 0 });
    extraDevices.push(workshop);
    await workshop.start();
    await page.locator('[data-device="e2e-workshop"]').getByText('online').waitFor({ timeout: 10_000 });

    await panel.getByRole('button', { name: 'Done' }).click();
    await panel.waitFor({ state: 'detached' });
  });

  it("switches a meter's relay from the device list and the live page, showing the state the meter confirms", async () => {
    const workshop = extraDevices.find((d) => d.id === 'e2e-workshop')!;
    await nav(page, 'Devices', '/devices');
    const toggle = page.locator('[data-device="e2e-workshop"]').getByTestId('relay-switch');
    await page.locator('[data-device="e2e-workshop"] [data-testid="relay-switch"][data-state="on"]').waitFor({ timeout: 10_000 });
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await toggle.click();
    // The switch follows the meter's report, not the click.
    await page.locator('[data-device="e2e-workshop"] [data-testid="relay-switch"][data-state="off"]').waitFor({ timeout: 15_000 });
    expect(workshop.stats().relay).toBe('off');
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await screenshot(page, 'devices-relay-off');

    await page.goto(`${info.gatewayUrl}/live?device=e2e-workshop`);
    const liveSwitch = page.getByTestId('tile-relay').getByTestId('relay-switch');
    await page.locator('[data-testid="tile-relay"] [data-testid="relay-switch"][data-state="off"]').waitFor({ timeout: 10_000 });
    await liveSwitch.click();
    await page.locator('[data-testid="tile-relay"] [data-testid="relay-switch"][data-state="on"]').waitFor({ timeout: 15_000 });
    expect(workshop.stats().relay).toBe('on');
    const commands = await api.call<{ commands: Array<{ state: string; status: string; requestedBy: string }> }>('GET', '/devices/e2e-workshop/relay');
    expect(commands.commands.slice(0, 2).map((c) => `${c.state}:${c.status}:${c.requestedBy}`)).toEqual(['on:confirmed:user admin', 'off:confirmed:user admin']);
  });

  it('shows energy and cost, and the rule editor validates its form', async () => {
    await nav(page, 'Energy', '/energy');
    await page.getByTestId('projected-cost').filter({ hasText: /\d/ }).waitFor();
    await screenshot(page, 'energy');
    // The CSV of the shown range, fetched with the session (a plain link could not send it).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^energy-site-30d-\d{4}-\d{2}-\d{2}\.csv$/);
    const csvPath = await download.path();
    const csv = readFileSync(csvPath, 'utf8').split('\n');
    expect(csv[0]).toBe('date,day,time,Voltage_V,Current_I,Power_W,device_id,Voltage_V_min,Voltage_V_max,Current_I_min,Current_I_max,Power_W_min,Power_W_max,Energy_Wh');
    expect(csv.length).toBeGreaterThan(24);

    await nav(page, 'Rules', '/rules');
    await page.getByTestId('rule').filter({ hasText: 'Heater overload' }).waitFor();
    await page.getByRole('button', { name: 'New rule' }).click();
    await page.getByLabel('Name').fill('Kettle left on');
    await page.getByLabel(/WhatsApp recipients/).fill('0151 123');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByText('is not a phone number in international format').waitFor();
    await screenshot(page, 'rules');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('follows the system dark theme', async () => {
    const dark = await browser.newContext({ viewport: { width: 1366, height: 900 }, colorScheme: 'dark' });
    const p = await dark.newPage();
    await login(p);
    await p.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
    const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(13, 17, 23)');
    await waitFor('live points', async () => (await pointsInView(p)) > 2);
    await screenshot(p, 'live-dark');
    await dark.close();
  });

  it('renders on a 375 px wide phone without horizontal scrolling', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, colorScheme: 'light' });
    const p = await phone.newPage();
    await login(p);
    for (const [label, path] of [
      ['Live', '/live'],
      ['History', '/history'],
      ['Energy', '/energy'],
      ['Alerts', '/alerts'],
      ['Devices', '/devices'],
      ['Rules', '/rules'],
    ] as const) {
      await nav(p, label, path);
      // The live stream keeps the network busy, so wait for the page's own content instead of idle.
      await p.locator('h1').first().waitFor();
      await p.waitForTimeout(400);
      const overflow = await horizontalOverflow(p);
      expect({ page: label, ...overflow }).toEqual({ page: label, scrollWidth: 375, viewportWidth: 375, widest: [] });
      await screenshot(p, `phone-${label.toLowerCase()}`, false);
    }
    await phone.close();
  });
});
