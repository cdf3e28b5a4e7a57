import { startGatewayHarness, type GatewayHarness } from './gateway-harness';

/**
 * Issue 16 (low): /metrics, /health with its error text and the API description were public through
 * the Ingress. With OPS_PORT (set in compose and Kubernetes) they move to their own port, which the
 * Ingress does not route; the public port keeps a bare /health for load balancers.
 */
describe('operations endpoints on OPS_PORT', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness({ OPS_PORT: '0' });
  });
  afterAll(() => h.close());

  it('serves no metrics, no check details and no API description on the public port', async () => {
    expect((await h.request('GET', '/metrics')).status).toBe(404);
    expect((await h.request('GET', '/api/docs-json')).status).toBe(404);
    expect((await h.request('GET', '/api/docs')).status).toBe(404);
    expect(await h.request('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect((await h.request('GET', '/health')).body.checks).toBeUndefined();
    // The API itself is unchanged.
    expect((await h.request('GET', '/api/v1/devices', { token: h.adminToken })).status).toBe(200);
  });

  it('serves them on the ops port', async () => {
    const ops = `http://127.0.0.1:${h.gateway.opsPort}`;
    const metrics = await fetch(`${ops}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('gateway_http_request_duration_seconds');
    expect(await (await fetch(`${ops}/health`)).json()).toEqual({ status: 'ok', checks: { database: 'ok', bus: 'ok' } });
    const doc = (await (await fetch(`${ops}/api/docs-json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths).toHaveProperty(['/api/v1/devices']);
  });
});
