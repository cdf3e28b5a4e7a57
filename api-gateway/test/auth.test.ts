import { createHmac } from 'node:crypto';
import { createLogger } from '@energy/service-kit';
import { startGateway } from '../src/app';
import { loadGatewayConfig } from '../src/config/env';
import { AuthService } from '../src/auth/auth.service';
import { INJECTIONS, startGatewayHarness, ADMIN_PASSWORD, type GatewayHarness } from './gateway-harness';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('gateway auth', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(() => h.close());

  it('logs the admin in with a JWT that expires after the session TTL', async () => {
    const res = await h.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/), expiresAt: expect.any(Number), user: { username: 'admin' } });
    expect(res.body.expiresAt - Date.now()).toBeGreaterThan(11.9 * 3_600_000);
    expect(res.body.expiresAt - Date.now()).toBeLessThanOrEqual(12 * 3_600_000);
    const header = JSON.parse(Buffer.from(res.body.token.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect((await h.request('GET', '/api/v1/auth/me', { token: res.body.token })).body).toEqual({ username: 'admin' });
  });

  it('stores the admin password hashed', async () => {
    const [row] = await h.db.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE username = ?', ['admin']);
    expect(row!.password_hash).toMatch(/^scrypt\$/);
    expect(row!.password_hash).not.toContain(ADMIN_PASSWORD);
  });

  it('validates the login body and names the parameter', async () => {
    expect(await h.request('POST', '/api/v1/auth/login', { body: { username: 'admin' } })).toMatchObject({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: 'password: Invalid input: expected string, received undefined' },
    });
    const injected = await h.request('POST', '/api/v1/auth/login', { body: { username: { username: 'admin' }, password: { password: 1 } } });
    expect(injected.status).toBe(400);
    expect(injected.body.message).toContain('username:');
    expect((await h.request('POST', '/api/v1/auth/login', { rawBody: '{"username":', headers: { 'content-type': 'application/json' } })).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'body: malformed JSON',
    });
  });

  it('treats SQL in the credentials as data', async () => {
    for (const evil of INJECTIONS.slice(0, 4)) {
      expect((await h.request('POST', '/api/v1/auth/login', { body: { username: evil, password: evil } })).status).toBe(401);
      expect((await h.request('GET', '/api/v1/devices', { apiKey: evil })).status).toBe(401);
    }
    h.gateway.app.get(AuthService).limiter.recordSuccess('127.0.0.1');
    h.gateway.app.get(AuthService).limiter.recordSuccess('::ffff:127.0.0.1');
  });

  it('refuses forged, tampered, alg none and expired tokens', async () => {
    const [header, payload, signature] = h.adminToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${payload}.${createHmac('sha256', 'guessed-secret').update(`${header}.${payload}`).digest('base64url')}`;
    const tampered = `${header}.${b64({ ...claims, sub: 'root' })}.${signature}`;
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    const expired = `${header}.${b64({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 })}.${signature}`;
    for (const [token, reason] of [
      [forged, 'bad signature'],
      [tampered, 'bad signature'],
      [none, 'algorithm "none" is not accepted'],
      [expired, 'bad signature'],
      ['not-a-token', 'not a compact JWT'],
    ] as const) {
      const res = await h.request('GET', '/api/v1/devices', { token });
      expect(res.status).toBe(401);
      expect(res.body.message).toBe(`invalid token: ${reason}`);
    }
  });

  it('refuses a correctly signed token once it has expired', async () => {
    // Sign with the real secret (kept in the database when SESSION_SECRET is not set) to isolate the expiry check.
    const [{ value: secret }] = (await h.db.db.query<{ value: string }>('SELECT value FROM gateway_settings WHERE name = ?', ['session_secret'])) as [{ value: string }];
    const [header, payload] = h.adminToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const body = `${header}.${b64({ ...claims, exp: Math.floor(Date.now() / 1000) - 1 })}`;
    const token = `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
    expect((await h.request('GET', '/api/v1/devices', { token })).body.message).toBe('invalid token: expired');
    const valid = `${header}.${payload}.${createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')}`;
    expect((await h.request('GET', '/api/v1/devices', { token: valid })).status).toBe(200);
  });

  it('ends a session on logout', async () => {
    const { body } = await h.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect((await h.request('GET', '/api/v1/devices', { token: body.token })).status).toBe(200);
    expect((await h.request('POST', '/api/v1/auth/logout', { token: body.token })).status).toBe(204);
    expect((await h.request('GET', '/api/v1/devices', { token: body.token })).body).toMatchObject({ statusCode: 401, message: 'invalid token: session ended' });
  });

  it('needs authentication for reads and writes by default', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/devices'],
      ['GET', '/api/get-graph-data'],
      ['GET', '/api/v1/history?devices=a&from=1767225600000&to=1767229200000'],
      ['POST', '/api/v1/devices'],
      ['PUT', '/api/v1/tariff'],
      ['GET', '/api/v1/api-keys'],
      ['GET', '/api/v1/live'],
    ] as const) {
      const res = await h.request(method, path, { body: method === 'GET' ? undefined : {} });
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
  });

  it('issues read and write API keys; a read key cannot write, no key can manage keys', async () => {
    const read = await h.request('POST', '/api/v1/api-keys', { token: h.adminToken, body: { name: 'grafana', access: 'read' } });
    const write = await h.request('POST', '/api/v1/api-keys', { token: h.adminToken, body: { name: 'script', access: 'write' } });
    expect(read.status).toBe(201);
    expect(read.body).toMatchObject({ id: expect.any(Number), name: 'grafana', access: 'read', key: expect.stringMatching(/^emk_/) });
    expect((await h.request('GET', '/api/v1/devices', { apiKey: read.body.key })).status).toBe(200);
    expect(await h.request('POST', '/api/v1/devices', { apiKey: read.body.key, body: { id: 'by-read-key' } })).toMatchObject({
      status: 403,
      body: { message: 'this API key is read-only' },
    });
    expect((await h.request('POST', '/api/v1/devices', { apiKey: write.body.key, body: { id: 'by-write-key' } })).status).toBe(201);
    expect((await h.request('GET', '/api/v1/api-keys', { apiKey: write.body.key })).status).toBe(403);
    expect((await h.request('GET', '/api/v1/devices', { apiKey: 'emk_wrong' })).body.message).toBe('invalid API key');

    const list = await h.request('GET', '/api/v1/api-keys', { token: h.adminToken });
    expect(list.body.map((k: { name: string }) => k.name)).toEqual(['grafana', 'script']);
    expect(JSON.stringify(list.body)).not.toContain(read.body.key);
    const [stored] = await h.db.db.query<{ key_sha256: string }>('SELECT key_sha256 FROM api_keys WHERE id = ?', [read.body.id]);
    expect(stored!.key_sha256).toMatch(/^[0-9a-f]{64}$/);

    expect((await h.request('DELETE', `/api/v1/api-keys/${read.body.id}`, { token: h.adminToken })).status).toBe(204);
    expect((await h.request('GET', '/api/v1/devices', { apiKey: read.body.key })).status).toBe(401);
    expect((await h.request('DELETE', `/api/v1/api-keys/${read.body.id}`, { token: h.adminToken })).status).toBe(404);
    expect((await h.request('DELETE', '/api/v1/api-keys/1%20OR%201=1', { token: h.adminToken })).body.message).toBe('id: must be a positive integer');
    expect((await h.request('POST', '/api/v1/api-keys', { token: h.adminToken, body: { name: 'x', access: 'admin' } })).body.message).toBe(
      'access: must be read or write',
    );
  });

  it('rate-limits failed log-ins per address with 429', async () => {
    const attempts = [];
    for (let i = 0; i < 6; i++) attempts.push(await h.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: `wrong-${i}` } }));
    expect(attempts.slice(0, 5).map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(attempts[5]!.status).toBe(429);
    expect(attempts[5]!.body.message).toMatch(/too many failed log-ins; try again in \d+ s/);
    expect(Number(attempts[5]!.headers.get('retry-after'))).toBeGreaterThan(0);
    // even the right password waits out the window
    expect((await h.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } })).status).toBe(429);
  });
});

describe('gateway with ALLOW_ANONYMOUS_READ', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness({ ALLOW_ANONYMOUS_READ: 'true' });
  });
  afterAll(() => h.close());

  it('serves reads without credentials and still refuses writes', async () => {
    expect((await h.request('GET', '/api/v1/devices')).status).toBe(200);
    expect((await h.request('GET', '/api/get-graph-data')).body).toEqual({ labels: [], Voltage: [], Current: [], Power: [] });
    expect((await h.request('POST', '/api/v1/devices', { body: { id: 'anon' } })).status).toBe(401);
    expect((await h.request('PUT', '/api/v1/tariff', { body: { currency: 'EUR', flatRatePerKwh: 1 } })).status).toBe(401);
    // bad credentials are an error, never a silent downgrade to anonymous
    expect((await h.request('GET', '/api/v1/devices', { token: 'x.y.z' })).status).toBe(401);
  });
});

describe('gateway operations endpoints', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(() => h.close());

  it('reports health of the database and the bus, and 503 naming the bus when it is unreachable', async () => {
    expect(await h.request('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok', checks: { database: 'ok', bus: 'ok' } } });
    const config = loadGatewayConfig({ HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', MQTT_URL: 'mqtt://127.0.0.1:1', DATABASE_URL: h.db.url, LOG_LEVEL: 'silent' });
    const orphan = await startGateway(config, { database: h.db.db, logger: createLogger('api-gateway', 'silent') });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const res = await fetch(`${orphan.url}/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'error', checks: { database: 'ok', bus: expect.stringContaining('ECONNREFUSED') } });
    } finally {
      await orphan.close();
    }
  });

  it('serves Prometheus metrics and the OpenAPI document with its UI', async () => {
    const metrics = await h.request('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('gateway_http_request_duration_seconds_bucket');
    const doc = await h.request('GET', '/api/docs-json');
    expect(doc.body.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/history', '/api/v1/live', '/api/v1/energy', '/api/v1/devices', '/api/v1/rules', '/api/v1/alerts', '/api/v1/export.csv', '/api/update-dht-data', '/api/get-graph-data']) {
      expect(doc.body.paths).toHaveProperty([path]);
    }
    const history = doc.body.paths['/api/v1/history'].get.parameters.map((p: { name: string; required: boolean }) => [p.name, p.required]);
    expect(history).toEqual(expect.arrayContaining([['devices', true], ['from', true], ['to', true], ['resolution', false]]));
    const ui = await h.request('GET', '/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });
});
