import { ADMIN_PASSWORD, startGatewayHarness, type GatewayHarness } from './gateway-harness';

/**
 * Issue 16, item 3: the log-in and HTTP-device limits count an attempt when it starts, so parallel
 * guesses cannot all slip in while the first ones are still in scrypt. Behind a proxy
 * (TRUST_PROXY), X-Forwarded-For gives each simulated client its own address.
 */
describe('failed-attempt limits under parallel guessing (issue 16)', () => {
  let h: GatewayHarness;
  let deviceSecret: string;
  beforeAll(async () => {
    h = await startGatewayHarness({ TRUST_PROXY: 'true' });
    deviceSecret = await h.broker.provisionDevice('meter-7');
  });
  afterAll(() => h.close());

  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const count = (statuses: number[]) => statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

  it('lets at most 5 of 30 parallel wrong log-ins from one address reach the password check', async () => {
    const guesses = Array.from({ length: 30 }, (_, i) => h.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: `guess-${i}` }, headers: from('198.51.100.1') }));
    const statuses = count((await Promise.all(guesses)).map((r) => r.status));
    expect(statuses[401] ?? 0).toBeLessThanOrEqual(5);
    expect(statuses[429]).toBeGreaterThanOrEqual(25);
    expect(Object.keys(statuses).sort()).toEqual(['401', '429']);
    // Another address logs in meanwhile.
    expect((await h.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD }, headers: from('198.51.100.2') })).status).toBe(200);
  });

  it('lets at most 20 of 60 parallel wrong device secrets from one address reach the secret check', async () => {
    const body = JSON.stringify({ Voltage: 230, Current: 1 });
    const guesses = Array.from({ length: 60 }, (_, i) =>
      h.request('POST', '/api/update-dht-data', { rawBody: body, headers: { 'content-type': 'application/json', 'x-device-id': 'meter-7', 'x-device-secret': `guess-${i}`, ...from('198.51.100.3') } }),
    );
    const statuses = count((await Promise.all(guesses)).map((r) => r.status));
    expect(statuses[401] ?? 0).toBeLessThanOrEqual(20);
    expect(statuses[429]).toBeGreaterThanOrEqual(40);
    // The real device, from its own address, still gets through.
    const real = await h.request('POST', '/api/update-dht-data', { rawBody: body, headers: { 'content-type': 'application/json', 'x-device-id': 'meter-7', 'x-device-secret': deviceSecret, ...from('198.51.100.4') } });
    expect(real.status).toBe(200);
  });
});
