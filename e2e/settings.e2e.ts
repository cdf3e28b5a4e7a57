import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { Api, waitFor } from './support/api';
import { launchChromium, screenshot } from './support/browser';
import { stackInfo } from './support/stack-info';

/**
 * Issue 17's Settings page in Chromium against the running system: the tariff with the API's reasons
 * beside the fields, an API key shown once that works until revoked, and an integration account for
 * Home Assistant whose shown credentials log in to the broker.
 */
describe('settings page in a real browser', () => {
  const info = stackInfo();
  let api: Api;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    api = await Api.login(info.gatewayUrl, info.adminPassword);
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
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(/\/settings/);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the API’s reasons beside the tariff fields, and saves a corrected tariff', async () => {
    const form = page.getByTestId('tariff-form');
    await form.getByLabel('Flat rate per kWh').fill('-1');
    await form.getByRole('button', { name: 'Save tariff' }).click();
    await form.getByTestId('error-flatRatePerKwh').waitFor();
    expect(await form.getByTestId('error-flatRatePerKwh').textContent()).toMatch(/at least 0/);

    await form.getByLabel('Flat rate per kWh').fill('0.3');
    await form.getByRole('button', { name: 'Add a window' }).click();
    const window0 = form.getByTestId('window-0');
    await window0.getByLabel('From').fill('07:00');
    await window0.getByLabel('To').fill('07:00');
    await window0.getByLabel('Rate per kWh').fill('0.15');
    await form.getByRole('button', { name: 'Save tariff' }).click();
    await form.getByTestId('error-window-0').first().waitFor();
    expect(await form.getByTestId('error-window-0').first().textContent()).toMatch(/must differ from from/);
    expect(await form.getByTestId('error-flatRatePerKwh').count()).toBe(0);

    await window0.getByLabel('From').fill('00:00');
    await form.getByRole('button', { name: 'Save tariff' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const saved = await api.call<{ flatRatePerKwh: number; timeOfUse: Array<{ from: string; to: string; ratePerKwh: number }> }>('GET', '/tariff');
    expect(saved).toMatchObject({ flatRatePerKwh: 0.3, timeOfUse: [{ from: '00:00', to: '07:00', ratePerKwh: 0.15 }] });
  });

  it('creates a read API key shown once, which works, shows when it was last used, and stops working when revoked', async () => {
    const panel = page.getByTestId('api-keys');
    await panel.getByLabel('Name').fill('e2e-script');
    await panel.getByRole('button', { name: 'Create key' }).click();
    const key = (await panel.getByTestId('new-key').locator('code').textContent())!.trim();
    const asKey = () => fetch(`${info.gatewayUrl}/api/v1/devices`, { headers: { 'x-api-key': key } });
    expect((await asKey()).status).toBe(200);
    await page.reload();
    const row = page.getByTestId('api-keys').getByTestId('key-e2e-script');
    await row.waitFor();
    expect(await row.textContent()).not.toMatch(/never/);
    expect(await page.getByTestId('api-keys').textContent()).not.toContain(key);
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await asKey()).status).toBe(401);
  });

  it('creates an integration account whose shown broker address and password log in, then revokes it', async () => {
    const panel = page.getByTestId('integrations');
    await panel.getByLabel('User name').fill('e2e-ha');
    await panel.getByLabel(/Meters it may switch/).fill('e2e-kitchen');
    await panel.getByRole('button', { name: 'Create account' }).click();
    const secret = (await panel.getByTestId('integration-secret').textContent())!.trim();
    const broker = (await panel.getByTestId('integration-broker').textContent())!.trim();
    expect(broker).toBe(new URL(info.mqttUrl).host);
    await screenshot(page, 'settings');
    const client = await mqtt.connectAsync(`mqtt://${broker}`, { username: 'e2e-ha', password: secret, clientId: 'e2e-ha-1', reconnectPeriod: 0 });
    await client.endAsync();

    await panel.getByTestId('integration-e2e-ha').getByRole('button', { name: 'Revoke' }).click();
    await waitFor('the account shown revoked', async () => (await panel.getByTestId('integration-e2e-ha').textContent())?.includes('revoked'));
  });
});
