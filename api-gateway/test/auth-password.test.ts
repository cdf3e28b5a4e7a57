import { createLogger } from '@energy/service-kit';
import { startGateway, type GatewayApp } from '../src/app';
import { loadGatewayConfig } from '../src/config/env';
import { ADMIN_PASSWORD, startGatewayHarness, waitFor, type GatewayHarness } from './gateway-harness';

/**
 * Issue 17: the admin changes their password from the Settings page. The current password is
 * required and guessed no faster than at the log-in; the user's other sessions end, this one stays;
 * a restart with the same ADMIN_PASSWORD keeps the new password, a new ADMIN_PASSWORD value resets it.
 */
describe('changing the password', () => {
  let h: GatewayHarness;
  /** The gateway restarted last, which the harness does not know about. */
  let restarted: GatewayApp | undefined;
  const NEW_PASSWORD = 'a much longer new passphrase';
  const login = (password: string) => h.request<{ token: string }>('POST', '/api/v1/auth/login', { body: { username: 'admin', password } });
  const change = (token: string, body: unknown) => h.request('POST', '/api/v1/auth/password', { token, body });

  beforeAll(async () => {
    h = await startGatewayHarness();
  }, 60_000);
  afterAll(async () => {
    await restarted?.close();
    await h.close();
  });

  it('needs the current password and a new one of 12 characters or more, naming the wrong field', async () => {
    expect(await change(h.adminToken, { currentPassword: 'wrong', newPassword: NEW_PASSWORD })).toMatchObject({ status: 400, body: { message: 'currentPassword: is not the current password' } });
    expect(await change(h.adminToken, { currentPassword: ADMIN_PASSWORD, newPassword: 'short' })).toMatchObject({ status: 400, body: { message: 'newPassword: must be at least 12 characters' } });
    expect(await change(h.adminToken, { currentPassword: ADMIN_PASSWORD, newPassword: ADMIN_PASSWORD })).toMatchObject({ status: 400, body: { message: 'newPassword: must differ from the current password' } });
    const key = (await h.request('POST', '/api/v1/api-keys', { token: h.adminToken, body: { name: 'w', access: 'write' } })).body.key as string;
    expect((await h.request('POST', '/api/v1/auth/password', { apiKey: key, body: { currentPassword: ADMIN_PASSWORD, newPassword: NEW_PASSWORD } })).status).toBe(403);
    expect((await login(ADMIN_PASSWORD)).status).toBe(200); // nothing changed
  });

  it('changes it, ends the user\u2019s other sessions and keeps this one', async () => {
    const other = (await login(ADMIN_PASSWORD)).body.token;
    const current = (await login(ADMIN_PASSWORD)).body.token;
    expect((await h.request('GET', '/api/v1/auth/me', { token: other })).status).toBe(200);

    const res = await change(current, { currentPassword: ADMIN_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.endedSessions).toBeGreaterThanOrEqual(2); // `other` and the harness's own session at least

    expect((await h.request('GET', '/api/v1/auth/me', { token: other })).status).toBe(401);
    expect((await h.request('GET', '/api/v1/auth/me', { token: h.adminToken })).status).toBe(401);
    expect(await h.request('GET', '/api/v1/auth/me', { token: current })).toMatchObject({ status: 200, body: { username: 'admin' } });
    expect((await login(ADMIN_PASSWORD)).status).toBe(401);
    expect((await login(NEW_PASSWORD)).status).toBe(200);
  });

  it('refuses guesses of the current password after 5 failures a minute from one address, like the log-in', async () => {
    const token = (await login(NEW_PASSWORD)).body.token;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await h.request('POST', '/api/v1/auth/password', { token, body: { currentPassword: `guess-${i}`, newPassword: NEW_PASSWORD + '!' } })).status);
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Even the right password waits now.
    expect((await change(token, { currentPassword: NEW_PASSWORD, newPassword: NEW_PASSWORD + '!' })).status).toBe(429);
  });

  it('keeps the changed password across a restart with the same ADMIN_PASSWORD; a new ADMIN_PASSWORD value resets it', async () => {
    const restart = async (adminPassword: string) => {
      const config = loadGatewayConfig({
        HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', MQTT_URL: h.broker.url, MQTT_PASSWORD: h.broker.servicePasswords.gateway, DATABASE_URL: h.db.url,
        ADMIN_PASSWORD: adminPassword, LOG_LEVEL: 'silent', DASHBOARD_DIST: '/nonexistent',
      });
      const gateway = await startGateway(config, { database: h.db.db, logger: createLogger('api-gateway', 'silent') });
      const loginWith = async (password: string) =>
        (await fetch(`${gateway.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })).status;
      await waitFor(async () => (await fetch(`${gateway.url}/health`)).status === 200, 10_000, 'restarted gateway healthy');
      return { gateway, loginWith };
    };
    await h.gateway.close();
    const same = await restart(ADMIN_PASSWORD);
    expect(await same.loginWith(NEW_PASSWORD)).toBe(200);
    expect(await same.loginWith(ADMIN_PASSWORD)).toBe(401);
    await same.gateway.close();

    const recovery = 'a new value set to recover';
    const reset = await restart(recovery);
    expect(await reset.loginWith(recovery)).toBe(200);
    expect(await reset.loginWith(NEW_PASSWORD)).toBe(401);
    await reset.gateway.close();
    restarted = (await restart(ADMIN_PASSWORD)).gateway; // the harness closes its own, already closed, gateway once more
  }, 60_000);
});
