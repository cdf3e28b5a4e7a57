import { startGatewayHarness, type GatewayHarness } from './gateway-harness';

/** Issue 16 (low): `GET /` answered with none of CSP, nosniff or frame-ancestors. helmet is not a dependency; these are set by hand. */
describe('security headers', () => {
  let h: GatewayHarness;
  let behindTls: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
    behindTls = await startGatewayHarness({ TRUST_PROXY: 'true' }, { db: h.db, broker: h.broker });
  });
  afterAll(async () => {
    await behindTls.close();
    await h.close();
  });

  it('sends a CSP that forbids framing and foreign scripts, nosniff, and no referrer, on every answer', async () => {
    for (const path of ['/', '/api/v1/devices', '/health', '/no/such/page']) {
      const res = await h.request('GET', path, { token: h.adminToken });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect({ path, csp }).toEqual({ path, csp: expect.stringContaining("frame-ancestors 'none'") });
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('adds HSTS only when the request came over TLS through a trusted proxy', async () => {
    expect((await h.request('GET', '/health')).headers.get('strict-transport-security')).toBeNull();
    expect((await behindTls.request('GET', '/health', { headers: { 'x-forwarded-proto': 'http' } })).headers.get('strict-transport-security')).toBeNull();
    expect((await behindTls.request('GET', '/health', { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
  });
});
