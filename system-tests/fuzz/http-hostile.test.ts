import { createHmac } from 'node:crypto';
import { isValidDeviceId } from '@energy/contracts';
import { INJECTIONS as ALL_INJECTIONS, startGatewayHarness, type GatewayHarness } from '@energy/api-gateway/testing';

/**
 * Hostile HTTP input for every gateway endpoint in docs/api.md: injection strings, huge and negative
 * ranges, invalid dates, bodies over 1 MB, missing and forged tokens. Expected: never a 5xx, every
 * refusal a 4xx with a message, the gateway healthy afterwards and nothing written.
 */
// '0x31' is a well-formed device id, so creating it is right; keep the strings that are not.
const INJECTIONS = ALL_INJECTIONS.filter((s) => !isValidDeviceId(s));

describe('hostile HTTP input', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
    await h.request('POST', '/api/v1/devices', { token: h.adminToken, body: { id: 'hostile-1', name: 'Hostile' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const now = Date.now();
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const forged = [
    `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'admin', username: 'admin', exp: Math.floor(now / 1000) + 3600 })}.`,
    (() => {
      const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'admin', username: 'admin', exp: Math.floor(now / 1000) + 3600 })}`;
      return `${head}.${createHmac('sha256', 'guessed-secret').update(head).digest('base64url')}`;
    })(),
    'not-a-jwt',
    'a.b.c',
    "' OR '1'='1",
  ];
  const GETS = ['/api/v1/devices', '/api/v1/devices/hostile-1', '/api/v1/history?devices=hostile-1&from=0&to=1000', '/api/v1/energy?from=0&to=1000', '/api/v1/energy/summary', '/api/v1/tariff', '/api/v1/alerts', '/api/v1/alerts/1', '/api/v1/rules', '/api/v1/rules/1', '/api/v1/api-keys', '/api/v1/integrations', '/api/v1/auth/me', '/api/v1/export.csv?devices=hostile-1&from=0&to=1000', '/api/get-graph-data'];
  const WRITES: Array<[string, string]> = [['POST', '/api/v1/devices'], ['PATCH', '/api/v1/devices/hostile-1'], ['POST', '/api/v1/devices/hostile-1/revoke'], ['POST', '/api/v1/devices/hostile-1/rotate'], ['PUT', '/api/v1/tariff'], ['POST', '/api/v1/rules'], ['PUT', '/api/v1/rules/1'], ['DELETE', '/api/v1/rules/1'], ['POST', '/api/v1/alerts/1/acknowledge'], ['POST', '/api/v1/api-keys'], ['POST', '/api/v1/integrations'], ['DELETE', '/api/v1/integrations/hostile-1'], ['POST', '/api/v1/auth/logout']];

  async function expectRefused(method: string, path: string, options: Parameters<GatewayHarness['request']>[2], allowed: number[] = []): Promise<number> {
    const res = await h.request(method, path, options);
    if (res.status >= 500 || (res.status < 400 && !allowed.includes(res.status))) throw new Error(`${method} ${path} → ${res.status} ${res.text.slice(0, 300)}`);
    if (res.status >= 400 && !(typeof res.body?.message === 'string' && res.body.message.length > 0)) throw new Error(`${method} ${path} → ${res.status} without a message: ${res.text.slice(0, 200)}`);
    return res.status;
  }

  it('refuses missing and forged tokens on every endpoint with 401', async () => {
    for (const path of GETS) {
      expect(await expectRefused('GET', path, {})).toBe(401);
      for (const token of forged) expect(await expectRefused('GET', path, { token })).toBe(401);
      expect(await expectRefused('GET', path, { apiKey: INJECTIONS[0] })).toBe(401);
    }
    for (const [method, path] of WRITES) {
      expect(await expectRefused(method, path, { body: { id: 'x', name: 'x' } })).toBe(401);
      for (const token of forged) expect(await expectRefused(method, path, { token, body: { id: 'x' } })).toBe(401);
    }
    // The seed's device endpoint: forged device credentials.
    for (const auth of ['Bearer hostile-1:wrong', `Bearer ${INJECTIONS[0]}:x`, 'Bearer ', 'Basic abc']) {
      expect(await expectRefused('POST', '/api/update-dht-data', { rawBody: '{"Voltage":220,"Current":1}', headers: { authorization: auth, 'content-type': 'application/json' } })).toBe(401);
    }
  });

  it('refuses injection strings, bad ranges and invalid dates with a 4xx and a message, never a 5xx', async () => {
    const token = h.adminToken;
    const badRanges = [['0', '-1'], ['-5', '10'], ['1000', '1000'], ['0', String(Number.MAX_SAFE_INTEGER)], ['0', '1e400'], ['NaN', '1'], ['2026-11-27', '2026-11-28'], ['', ''], ['1.5', '2.5'], ['0', String(400 * 86_400_000 + 1)], ['99999999999999999999', '1']];
    for (const [from, to] of badRanges) {
      for (const base of ['/api/v1/history?devices=hostile-1', '/api/v1/energy?period=hour', '/api/v1/export.csv?devices=hostile-1', '/api/v1/alerts?limit=10']) {
        expect(await expectRefused('GET', `${base}&from=${encodeURIComponent(from!)}&to=${encodeURIComponent(to!)}`, { token })).toBeGreaterThanOrEqual(400);
      }
    }
    for (const inj of INJECTIONS) {
      const q = encodeURIComponent(inj);
      await expectRefused('GET', `/api/v1/history?devices=${q}&from=0&to=1000`, { token });
      await expectRefused('GET', `/api/v1/energy?devices=${q}&from=0&to=1000`, { token });
      await expectRefused('GET', `/api/v1/export.csv?devices=${q}&from=0&to=1000`, { token });
      await expectRefused('GET', `/api/v1/alerts?device=${q}&state=${q}`, { token }, [200]);
      await expectRefused('GET', `/api/v1/devices/${q}`, { token });
      await expectRefused('GET', `/api/v1/alerts/${q}`, { token });
      await expectRefused('GET', `/api/v1/rules/${q}`, { token });
      await expectRefused('GET', `/api/get-graph-data?device=${q}`, { token }, [200]);
      await expectRefused('GET', `/api/v1/history?devices=hostile-1&from=0&to=1000&resolution=${q}`, { token });
      await expectRefused('POST', '/api/v1/devices', { token, body: { id: inj, name: inj } });
      await expectRefused('PATCH', `/api/v1/devices/${q}`, { token, body: { name: 'x' } });
      await expectRefused('POST', '/api/v1/rules', { token, body: { name: inj, kind: inj, threshold: inj } });
      await expectRefused('PUT', '/api/v1/tariff', { token, body: { currency: inj, flatRatePerKwh: -1 } });
      await expectRefused('POST', '/api/v1/auth/login', { body: { username: inj, password: inj } }, []);
    }
    // Invalid JSON and wrong types.
    for (const raw of ['{', 'null', '[]', '"x"', '{"id":{"$ne":null}}', '{"__proto__":{"admin":true},"id":"proto-1"}']) {
      await expectRefused('POST', '/api/v1/rules', { token, rawBody: raw, headers: { 'content-type': 'application/json' } });
    }
  });

  it('refuses bodies over 1 MB with 413 and stays healthy, with nothing written', async () => {
    const token = h.adminToken;
    const devicesBefore = (await h.request('GET', '/api/v1/devices', { token })).body.length;
    expect(devicesBefore).toBe(1); // only hostile-1: no hostile request before this one wrote a device
    const huge = JSON.stringify({ id: 'huge-1', name: 'x'.repeat(1_100_000) });
    for (const [method, path] of [['POST', '/api/v1/devices'], ['POST', '/api/v1/rules'], ['PUT', '/api/v1/tariff'], ['POST', '/api/v1/auth/login'], ['PATCH', '/api/v1/devices/hostile-1']] as const) {
      expect(await expectRefused(method, path, { token, rawBody: huge, headers: { 'content-type': 'application/json' } })).toBe(413);
    }
    expect(await expectRefused('POST', '/api/update-dht-data', { rawBody: huge, headers: { authorization: 'Bearer hostile-1:x', 'content-type': 'application/json' } })).toBeGreaterThanOrEqual(400);
    expect((await h.request('GET', '/api/v1/devices', { token })).body.length).toBe(devicesBefore);
    expect((await h.request('GET', '/api/v1/rules', { token })).body).toEqual([]);
    expect((await h.request('GET', '/health')).status).toBe(200);
  });
});
