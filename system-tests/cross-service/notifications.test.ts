import { startAlertService, type RunningAlertService } from '@energy/alert-service/app';
import { loadAlertConfig } from '@energy/alert-service/config';
import { FakeCallMeBot, LogCapture } from '@energy/alert-service/testing';
import { startGatewayHarness, type GatewayHarness } from '@energy/api-gateway/testing';

const PHONE = '+4915187654321';
const KEY = 'cmb-key-9z3w';

/**
 * Issue 17: WhatsApp recipients from the dashboard's Settings. The gateway stores them (the CallMeBot key
 * write-only), the alert service sends the test message to the local CallMeBot stand-in and the gateway
 * answers with the outcome. Real broker, MariaDB, gateway and alert service.
 */
describe('notification recipients (gateway and alert service)', () => {
  let h: GatewayHarness;
  let alertService: RunningAlertService;
  let callMeBot: FakeCallMeBot;
  const log = new LogCapture();
  const as = (method: string, path: string, body?: unknown, token = h.adminToken) => h.request(method, path, { token, body });

  beforeAll(async () => {
    h = await startGatewayHarness();
    callMeBot = await FakeCallMeBot.start();
    alertService = await startAlertService(
      loadAlertConfig({
        MQTT_URL: h.broker.url,
        MQTT_PASSWORD: h.broker.servicePasswords.alert,
        MQTT_CLIENT_ID: `alert-notify-test-${process.pid}`,
        DATABASE_URL: h.db.url,
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'debug',
        CALLMEBOT_BASE_URL: callMeBot.url,
        NOTIFY_MIN_INTERVAL_MS: '0',
      }),
      { logger: log.logger },
    );
  });
  afterAll(async () => {
    await alertService?.close().catch(() => undefined);
    await callMeBot?.close();
    await h?.close();
  });

  it('adds a recipient and lists it with the phone masked and no key; refuses bad input naming the field', async () => {
    const added = await as('POST', '/api/v1/notifications/recipients', { phone: PHONE, label: 'Anna', apikey: KEY });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ id: expect.any(Number), phone: '+49•••••••••21', label: 'Anna', createdAt: expect.any(Number) });
    const listed = await as('GET', '/api/v1/notifications/recipients');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([added.body]);
    expect(JSON.stringify(listed.body)).not.toContain(KEY);
    expect(JSON.stringify(listed.body)).not.toContain(PHONE);

    const bad = await as('POST', '/api/v1/notifications/recipients', { phone: '0151 8765', label: 'x', apikey: '1' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('phone: must be a phone number in international format');
    expect((await as('POST', '/api/v1/notifications/recipients', { phone: PHONE, label: 'Again', apikey: 'k' })).status).toBe(400);
  });

  it('is for the admin only: an API key, even a write key, gets 403 and no one signed out gets 401', async () => {
    const writeKey = (await as('POST', '/api/v1/api-keys', { name: 'w', access: 'write' })).body.key as string;
    expect((await h.request('GET', '/api/v1/notifications/recipients', { apiKey: writeKey })).status).toBe(403);
    expect((await h.request('GET', '/api/v1/notifications/recipients')).status).toBe(401);
  });

  it("sends a test message with the recipient's own key and answers with CallMeBot's outcome, sent or failed", async () => {
    const [recipient] = (await as('GET', '/api/v1/notifications/recipients')).body as Array<{ id: number }>;
    const sent = await as('POST', `/api/v1/notifications/recipients/${recipient!.id}/test`);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ recipientId: recipient!.id, phone: '+49•••••••••21', outcome: 'sent', error: null });
    expect(callMeBot.requests.at(-1)).toMatchObject({ phone: PHONE, apikey: KEY, answered: 'ok' });

    callMeBot.script.push('error-body');
    const failed = await as('POST', `/api/v1/notifications/recipients/${recipient!.id}/test`);
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ outcome: 'failed', error: 'CallMeBotDeliveryError: 203 API key incorrect' });
    expect((await as('POST', '/api/v1/notifications/recipients/9999/test')).status).toBe(404);
    expect(log.text()).not.toContain(KEY);
  });

  it('describes the four routes in the OpenAPI document, the key only in the POST body, not in the GET answer', async () => {
    const doc = await h.request('GET', '/api/docs-json');
    const paths = doc.body.paths as Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>>;
    expect(Object.keys(paths['/api/v1/notifications/recipients']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/api/v1/notifications/recipients/{id}']!)).toEqual(['delete']);
    expect(Object.keys(paths['/api/v1/notifications/recipients/{id}/test']!)).toEqual(['post']);
    expect(Object.keys(paths['/api/v1/notifications/recipients']!.post!.requestBody!.content['application/json']!.schema.properties).sort()).toEqual(['apikey', 'label', 'phone']);
    expect(JSON.stringify(paths['/api/v1/notifications/recipients']!.get)).not.toContain('apikey');
  });

  it('removes a recipient: 204, then gone, and a second removal is 404', async () => {
    const [recipient] = (await as('GET', '/api/v1/notifications/recipients')).body as Array<{ id: number }>;
    expect((await as('DELETE', `/api/v1/notifications/recipients/${recipient!.id}`)).status).toBe(204);
    expect((await as('GET', '/api/v1/notifications/recipients')).body).toEqual([]);
    expect((await as('DELETE', `/api/v1/notifications/recipients/${recipient!.id}`)).status).toBe(404);
  });
});
