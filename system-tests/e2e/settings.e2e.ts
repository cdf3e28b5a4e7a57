import mqtt from 'mqtt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Api, waitFor } from './support/api';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { horizontalOverflow, launchChromium, screenshot } from './support/browser';
import { SCREENSHOTS_DIR } from './support/paths';
import { stackInfo } from './support/stack-info';

/**
 * Issue 17's Settings page in Chromium against the running system: the tariff with the API's reasons
 * beside the fields and the month priced under it before saving, an API key shown once that works
 * until revoked, an integration account for Home Assistant whose shown credentials log in to the
 * broker, the site time zone, one time format per locale, and a password change that logs out the
 * other sessions. Screenshots of each panel go to test-artifacts/screenshots (docs/images/ copies).
 */
describe('settings page in a real browser', () => {
  const info = stackInfo();
  let api: Api;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const money = (amount: number, currency: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);

  /** One panel's picture, for docs/images/. */
  const panelShot = (panel: Locator, name: string) => panel.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), animations: 'disabled' });

  async function logIn(p: Page, password: string): Promise<void> {
    await p.goto(`${info.gatewayUrl}/`);
    await p.waitForURL(/\/login/);
    await p.getByLabel('User name').fill('admin');
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: 'Log in' }).click();
    await p.waitForURL(/\/live/);
  }

  beforeAll(async () => {
    api = await Api.login(info.gatewayUrl, info.adminPassword);
    browser = await launchChromium();
    // en-US: a 12-hour locale, so the time format test below sees the browser's choice, not the default 24-hour one.
    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, colorScheme: 'light', locale: 'en-US' });
    page = await context.newPage();
    page.on('pageerror', (err) => console.error('browser page error:', err));
    await logIn(page, info.adminPassword);
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
    // Before saving: the month so far priced under this tariff, by the gateway's own summary code.
    const proposed = { currency: 'EUR', flatRatePerKwh: 0.3, standingChargePerDay: 0, timeOfUse: [{ from: '00:00', to: '07:00', ratePerKwh: 0.15 }] };
    const expected = await api.call<{ proposed: { monthToDateCost: number; currency: string } }>('POST', '/tariff/preview', { ...proposed, standingChargePerDay: (await api.call<{ standingChargePerDay: number }>('GET', '/tariff')).standingChargePerDay });
    await waitFor('the preview under the edited tariff', async () => (await form.getByTestId('preview-proposed').count()) > 0);
    expect((await form.getByTestId('preview-proposed').textContent())!.trim()).toBe(money(expected.proposed.monthToDateCost, expected.proposed.currency));
    expect(await form.getByTestId('error-window-0').count()).toBe(0); // the preview found the window valid
    await panelShot(form, 'settings-tariff');
    await form.getByRole('button', { name: 'Save tariff' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const saved = await api.call<{ flatRatePerKwh: number; timeOfUse: Array<{ from: string; to: string; ratePerKwh: number }> }>('GET', '/tariff');
    expect(saved).toMatchObject({ flatRatePerKwh: 0.3, timeOfUse: [{ from: '00:00', to: '07:00', ratePerKwh: 0.15 }] });
  });

  it('creates a read API key shown once, which works, shows when it was last used, and stops working when revoked', async () => {
    const panel = page.getByTestId('api-keys');
    await panel.getByLabel('Name').fill('e2e-script');
    await panel.getByRole('button', { name: 'Create key' }).click();
    const key = (await panel.getByTestId('new-key-value').textContent())!.trim();
    const asKey = () => fetch(`${info.gatewayUrl}/api/v1/devices`, { headers: { 'x-api-key': key } });
    expect((await asKey()).status).toBe(200);
    await page.reload();
    const row = page.getByTestId('api-keys').getByTestId('key-e2e-script');
    await row.waitFor();
    expect(await row.textContent()).not.toMatch(/never/);
    expect(await page.getByTestId('api-keys').textContent()).not.toContain(key);
    await panelShot(page.getByTestId('api-keys'), 'settings-api-keys');
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
    // The picture for the docs hides the one-time password; the test has already read it.
    await panel.getByTestId('integration-secret').evaluate((el) => (el.textContent = '(shown once)'));
    await panelShot(panel, 'settings-integrations');
    await screenshot(page, 'settings');
    const client = await mqtt.connectAsync(`mqtt://${broker}`, { username: 'e2e-ha', password: secret, clientId: 'e2e-ha-1', reconnectPeriod: 0 });
    await client.endAsync();

    await panel.getByTestId('integration-e2e-ha').getByRole('button', { name: 'Revoke' }).click();
    await waitFor('the account shown revoked', async () => (await panel.getByTestId('integration-e2e-ha').textContent())?.includes('revoked'));
  });

  it('shows the site time zone read-only, with where it is set', async () => {
    const site = await api.call<{ timeZone: string }>('GET', '/site');
    const panel = page.getByTestId('site');
    await panel.getByTestId('site-zone').waitFor();
    expect(await panel.getByTestId('site-zone').textContent()).toBe(site.timeZone);
    expect(await panel.textContent()).toContain('SITE_TIMEZONE');
    expect(await panel.locator('input, select').count()).toBe(0);
    await panelShot(panel, 'settings-site');
  });

  it('writes times in the browser locale\u2019s format: 12-hour for en-US, 24-hour for de-DE', async () => {
    const { id } = await api.call<{ id: number }>('POST', '/api-keys', { name: 'e2e-clock', access: 'read' });
    const createdCell = (p: Page) => p.getByTestId('api-keys').getByTestId('key-e2e-clock').locator('td').nth(3);
    await page.reload();
    await createdCell(page).waitFor();
    expect(await createdCell(page).textContent()).toMatch(/\b\d{1,2}:\d{2}\s?[AP]M\b/);

    const german = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'de-DE' });
    try {
      const p = await german.newPage();
      await logIn(p, info.adminPassword);
      await p.goto(`${info.gatewayUrl}/settings`);
      await createdCell(p).waitFor();
      const text = (await createdCell(p).textContent())!;
      expect(text).toMatch(/\b\d{2}:\d{2}\b/);
      expect(text).not.toMatch(/[AP]M/);
    } finally {
      await german.close();
      await api.call('DELETE', `/api-keys/${id}`);
    }
  });

  it('fits a 375 px wide phone without sideways scrolling', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, colorScheme: 'light', locale: 'en-US' });
    try {
      const p = await phone.newPage();
      await logIn(p, info.adminPassword);
      await p.goto(`${info.gatewayUrl}/settings`);
      await p.getByTestId('site-zone').waitFor();
      await p.getByTestId('api-keys').locator('tbody tr').first().waitFor();
      await p.getByRole('button', { name: 'Add a window' }).waitFor();
      expect(await horizontalOverflow(p)).toEqual({ scrollWidth: 375, viewportWidth: 375, widest: [] });
      await screenshot(p, 'phone-settings', false);
    } finally {
      await phone.close();
    }
  });

  it('changes the admin password with the current one, logging out the other sessions but not this one', async () => {
    const other = await Api.login(info.gatewayUrl, info.adminPassword);
    const form = page.getByTestId('password-form');
    const next = `${info.adminPassword}-changed`;
    await form.getByLabel('Current password').fill('not-the-password');
    await form.getByLabel('New password', { exact: true }).fill(next);
    await form.getByLabel('New password again').fill(next);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByTestId('error-currentPassword').waitFor();
    expect(await form.getByTestId('error-currentPassword').textContent()).toBe('is not the current password');

    await form.getByLabel('Current password').fill(info.adminPassword);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByTestId('password-changed').waitFor();
    expect(await form.getByTestId('password-changed').textContent()).toMatch(/other sessions? (was|were) logged out/);
    await expect(other.call('GET', '/auth/me')).rejects.toThrow(/401/);
    await panelShot(form, 'settings-password');

    // This session still works; change it back so the other browser tests log in as before.
    await form.getByLabel('Current password').fill(next);
    await form.getByLabel('New password', { exact: true }).fill(info.adminPassword);
    await form.getByLabel('New password again').fill(info.adminPassword);
    const changedBack = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/password'));
    await form.getByRole('button', { name: 'Change password' }).click();
    expect((await changedBack).status()).toBe(200);
    await Api.login(info.gatewayUrl, info.adminPassword);
    expect(page.url()).toMatch(/\/settings/);
  });
});
