import { SseClient } from './sse-client';
import { ADMIN_PASSWORD, startGatewayHarness, type GatewayHarness } from './gateway-harness';

/**
 * Issue 16 (low): the live stream took the session JWT in its query string (where proxy access logs
 * keep it), outlived logout and expiry, and had no cap. Now: a short-lived single-use ticket, a
 * periodic re-check of the principal behind each stream, and caps per principal and in total.
 */
describe('live stream authentication (issue 16)', () => {
  let h: GatewayHarness;
  const clients: SseClient[] = [];
  beforeAll(async () => {
    h = await startGatewayHarness({ LIVE_RECHECK_MS: '200', LIVE_MAX_PER_PRINCIPAL: '2' });
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await h.close();
  });

  const login = async () => (await h.request<{ token: string }>('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } })).body.token;
  const ticketFor = async (auth: { token?: string; apiKey?: string }) => {
    const res = await h.request<{ ticket: string; expiresAt: number }>('POST', '/api/v1/live/tickets', auth);
    expect(res.status).toBe(201);
    return res.body;
  };
  const open = async (query: string) => {
    const client = await SseClient.open(`${h.url}/api/v1/live${query}`);
    clients.push(client);
    return client;
  };

  it('no longer takes the session token in the query string, but a ticket that works once, for 30 s at most', async () => {
    const token = await login();
    expect((await open(`?token=${token}`)).status).toBe(401);
    const { ticket, expiresAt } = await ticketFor({ token });
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(30_000);
    expect(ticket).not.toContain(token.split('.')[2]!);
    const stream = await open(`?ticket=${encodeURIComponent(ticket)}&devices=kitchen-1`);
    expect(stream.status).toBe(200);
    expect((await open(`?ticket=${encodeURIComponent(ticket)}`)).status).toBe(401);
    expect((await open('?ticket=forged.ticket')).status).toBe(401);
    expect((await h.request('POST', '/api/v1/live/tickets')).status).toBe(401);
    stream.close();
  });

  it('ends a stream when its session ends (logout)', async () => {
    const token = await login();
    const stream = await open(`?ticket=${encodeURIComponent((await ticketFor({ token })).ticket)}`);
    expect(stream.status).toBe(200);
    expect((await h.request('POST', '/api/v1/auth/logout', { token })).status).toBe(204);
    const deadline = Date.now() + 3_000;
    while (!stream.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(stream.closed).toBe(true);
  });

  it('caps open streams per principal, and still serves another principal', async () => {
    const token = await login();
    const streams = [];
    for (let i = 0; i < 2; i++) streams.push(await open(`?ticket=${encodeURIComponent((await ticketFor({ token })).ticket)}`));
    expect(streams.map((s) => s.status)).toEqual([200, 200]);
    const third = await open(`?ticket=${encodeURIComponent((await ticketFor({ token })).ticket)}`);
    expect(third.status).toBe(429);
    const key = (await h.request('POST', '/api/v1/api-keys', { token, body: { name: 'wall-display', access: 'read' } })).body.key as string;
    expect((await open(`?ticket=${encodeURIComponent((await ticketFor({ apiKey: key })).ticket)}`)).status).toBe(200);
    streams.forEach((s) => s.close());
  });
});
