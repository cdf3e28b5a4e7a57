import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { Api } from './support/api';
import { launchChromium } from './support/browser';
import { SCREENSHOTS_DIR } from './support/paths';
import { stackInfo } from './support/stack-info';

const PHONE = '+4915199887766';
const KEY = 'e2e-cmb-5k2p';

/**
 * Issue 17's Notifications panel in Chromium against the running system (its alert service sends to a
 * local CallMeBot stand-in): the activation walkthrough, a recipient added with its key, which is never
 * shown again, a test message answered as sent, and removal.
 */
describe('notifications panel in a real browser', () => {
  const info = stackInfo();
  let api: Api;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    api = await Api.login(info.gatewayUrl, info.adminPassword);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, colorScheme: 'light', locale: 'en-US' });
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

  it('adds a WhatsApp recipient with its CallMeBot key, never shows the key, sends a test answered as sent, and removes it', async () => {
    const panel = page.getByTestId('notifications');
    await panel.getByText('First time? Get the recipient').click();
    expect(await panel.getByTestId('callmebot-walkthrough').textContent()).toContain('I allow callmebot to send me messages');

    await panel.getByLabel('Phone').fill(PHONE);
    await panel.getByLabel('Name').fill('E2E phone');
    await panel.getByLabel('CallMeBot key').fill(KEY);
    await panel.getByRole('button', { name: 'Add recipient' }).click();
    const row = panel.locator('tr', { hasText: 'E2E phone' });
    await row.waitFor();
    expect(await row.textContent()).toContain('+49•••••••••66');
    expect(await panel.getByLabel('CallMeBot key').inputValue()).toBe('');
    expect(await page.content()).not.toContain(KEY);
    const listed = await api.call<unknown[]>('GET', '/notifications/recipients');
    expect(JSON.stringify(listed)).not.toContain(KEY);

    await row.getByRole('button', { name: 'Send a test message to E2E phone' }).click();
    await panel.getByTestId('test-result').waitFor();
    expect(await panel.getByTestId('test-result').textContent()).toContain('Test message sent to +49•••••••••66');
    await panel.screenshot({ path: join(SCREENSHOTS_DIR, 'settings-notifications.png'), animations: 'disabled' });

    await row.getByRole('button', { name: 'Remove E2E phone' }).click();
    await row.waitFor({ state: 'detached' });
    expect(await api.call<unknown[]>('GET', '/notifications/recipients')).toEqual([]);
  });
});
