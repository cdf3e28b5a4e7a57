import { servicePatterns, type AlertServiceReply, type NotificationTestResult } from '@energy/contracts';
import { NotificationRecipientsRepository } from '@energy/db';
import { AlertHarness, API_KEY, PHONE, waitFor } from './alert-harness';

const STORED_PHONE = '+33612345678';
const STORED_KEY = 'stored-key-4x7q';

/**
 * Issue 17: WhatsApp recipients added from the dashboard (notification_recipients), each with its own
 * CallMeBot key, next to the CALLMEBOT_* ones; and the test message the Settings page asks for.
 */
describe('stored WhatsApp recipients (real broker, MariaDB, local CallMeBot)', () => {
  let h: AlertHarness;
  let recipientId: number;

  beforeAll(async () => {
    h = await AlertHarness.start();
    recipientId = (await new NotificationRecipientsRepository(h.t.db).add({ phone: STORED_PHONE, label: 'Anna', apiKey: STORED_KEY })).id;
    await h.startService();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('sends an alert of a rule without recipients to CALLMEBOT_PHONE with the env key and to the stored recipient with its own key', async () => {
    await h.publishSeries('stored-1', Array(12).fill(600));
    await waitFor('both messages', () => h.callMeBot.requests.length >= 2);
    const byPhone = new Map(h.callMeBot.requests.map((r) => [r.phone, r]));
    expect(byPhone.get(PHONE)).toMatchObject({ apikey: API_KEY, answered: 'ok' });
    expect(byPhone.get(STORED_PHONE)).toMatchObject({ apikey: STORED_KEY, answered: 'ok' });
    expect(byPhone.get(STORED_PHONE)!.text).toContain('Device: stored-1');
  });

  it("answers a test request with CallMeBot's outcome: sent, then an error page as failed, and an unknown id as not_found", async () => {
    const before = h.callMeBot.requests.length;
    const sent = await h.rpc<AlertServiceReply<NotificationTestResult>>(servicePatterns.notificationsTest, { recipientId, by: 'admin' });
    expect(sent).toMatchObject({ ok: true, value: { recipientId, phone: expect.not.stringContaining('12345678'), outcome: 'sent', error: null } });
    expect(h.callMeBot.requests[before]).toMatchObject({ phone: STORED_PHONE, apikey: STORED_KEY });
    expect(h.callMeBot.requests[before]!.text).toContain('test message');

    h.callMeBot.script.push('error-body');
    const failed = await h.rpc<AlertServiceReply<NotificationTestResult>>(servicePatterns.notificationsTest, { recipientId, by: 'admin' });
    expect(failed).toMatchObject({ ok: true, value: { outcome: 'failed', error: 'CallMeBotDeliveryError: 203 API key incorrect' } });

    expect(await h.rpc(servicePatterns.notificationsTest, { recipientId: 9999, by: 'admin' })).toEqual({ ok: false, code: 'not_found', error: 'recipient 9999 does not exist' });
    expect(await h.rpc(servicePatterns.notificationsTest, { recipientId: 'x', by: 'admin' })).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('never logs a stored key', () => {
    expect(h.log.text()).not.toContain(STORED_KEY);
    expect(h.log.text()).toContain('test message sent');
  });
});

describe('stored WhatsApp recipients without any CALLMEBOT_* key (real broker, MariaDB, local CallMeBot)', () => {
  let h: AlertHarness;
  const deliveries = (deviceId: string) =>
    h.query<{ recipient: string; channel: string; outcome: string }>(
      'SELECT d.recipient, d.channel, d.outcome FROM notification_deliveries d JOIN alerts a ON a.id = d.alert_id WHERE a.device_id = ? ORDER BY d.id',
      [deviceId],
    );

  beforeAll(async () => {
    h = await AlertHarness.start();
    await h.startService({ CALLMEBOT_API_KEY: '' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('logs alerts until a recipient is stored, then sends them through CallMeBot with its key, without a restart', async () => {
    await h.publishSeries('nokey-1', Array(12).fill(600));
    await waitFor('the logged delivery', async () => (await deliveries('nokey-1')).length === 1);
    expect(await deliveries('nokey-1')).toEqual([{ recipient: PHONE, channel: 'log', outcome: 'sent' }]);
    expect(h.callMeBot.requests).toHaveLength(0);

    await new NotificationRecipientsRepository(h.t.db).add({ phone: STORED_PHONE, label: 'Anna', apiKey: STORED_KEY });
    await h.publishSeries('nokey-2', Array(12).fill(600));
    await waitFor('the stored recipient\u2019s message', () => h.callMeBot.requests.some((r) => r.phone === STORED_PHONE));
    expect(h.callMeBot.requests.find((r) => r.phone === STORED_PHONE)).toMatchObject({ apikey: STORED_KEY, answered: 'ok' });
    await waitFor('its delivery record', async () => (await deliveries('nokey-2')).some((d) => d.recipient === STORED_PHONE && d.outcome === 'sent'));
    expect((await deliveries('nokey-2')).find((d) => d.recipient === STORED_PHONE)).toEqual({ recipient: STORED_PHONE, channel: 'callmebot', outcome: 'sent' });
    expect(h.log.text()).not.toContain(STORED_KEY);
  });
});
