import { createServer } from 'node:net';
import { AlertHarness, API_KEY, sleep, waitFor } from './alert-harness';

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * CallMeBot misbehaving: 500, then no answer, then 200 with an error page. The service retries with
 * backoff, records and logs each attempt, gives up on the error page, and never stops evaluating.
 */
describe('notification faults (real broker, MariaDB, local CallMeBot)', () => {
  let h: AlertHarness;
  const alertIdOf = async (deviceId: string) =>
    waitFor(`the ${deviceId} alert`, async () => (await h.query<{ id: number }>('SELECT id FROM alerts WHERE device_id = ?', [deviceId]))[0]?.id);
  const deliveries = (alertId: number) =>
    h.query<{ attempt: number; outcome: string; http_status: number | null; error: string | null; channel: string }>(
      'SELECT attempt, outcome, http_status, error, channel FROM notification_deliveries WHERE alert_id = ? ORDER BY id',
      [alertId],
    );

  beforeAll(async () => {
    h = await AlertHarness.start();
  });

  afterEach(async () => {
    await h.stopService();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('retries a 500 and a timeout with backoff, fails on an error page, and keeps evaluating other devices', async () => {
    await h.startService({ NOTIFY_MAX_ATTEMPTS: '4', NOTIFY_TIMEOUT_MS: '1500', NOTIFY_BACKOFF_MS: '100' });
    h.callMeBot.script.push('http-500', 'hang', 'error-body');
    await h.publishSeries('faulty-1', Array(12).fill(600));
    const faultyId = await alertIdOf('faulty-1');
    await waitFor('the hanging second attempt', () => h.callMeBot.requests.length === 2);

    // While CallMeBot hangs, another device's overload is raised and published at once.
    await h.publishSeries('healthy-2', Array(12).fill(700));
    await alertIdOf('healthy-2');
    await waitFor('the healthy-2 event', () => h.events.some((e) => e.device_id === 'healthy-2' && e.state === 'active'), 1_000);
    expect(h.callMeBot.requests).toHaveLength(2);

    await waitFor('the healthy-2 message', () => h.callMeBot.requests.length === 4);
    await sleep(300);
    const [r500, rHang, rError, rNext] = h.callMeBot.requests;
    expect([r500, rHang, rError, rNext].map((r) => r!.answered)).toEqual(['http-500', 'hang', 'error-body', 'ok']);
    expect(new Set([r500, rHang, rError].map((r) => r!.text)).size).toBe(1); // the same message, retried
    expect(rNext!.text).toContain('Device: healthy-2');
    expect(rHang!.at - r500!.at).toBeGreaterThanOrEqual(100); // backoff 100 ms
    expect(rError!.at - rHang!.at).toBeGreaterThanOrEqual(1_500 + 200); // timeout, then backoff 200 ms

    const port = new URL(h.callMeBot.url).port;
    expect(await deliveries(faultyId)).toEqual([
      { attempt: 1, outcome: 'retrying', http_status: 500, channel: 'callmebot', error: `CallMeBotDeliveryError: HTTP 500 from http://127.0.0.1:${port}/whatsapp.php: Internal Server Error` },
      { attempt: 2, outcome: 'retrying', http_status: null, channel: 'callmebot', error: `CallMeBotDeliveryError: no answer from http://127.0.0.1:${port}/whatsapp.php within 1500 ms` },
      { attempt: 3, outcome: 'failed', http_status: 200, channel: 'callmebot', error: 'CallMeBotDeliveryError: 203 API key incorrect' },
    ]);
    const failedLines = h.log.lines.filter((l) => l.includes('notification attempt failed') && l.includes(`"alertId":${faultyId}`));
    expect(failedLines).toHaveLength(3);
    expect(failedLines[2]).toContain('203 API key incorrect');
  });

  it('does not retry a spent quota', async () => {
    await h.startService();
    const before = h.callMeBot.requests.length;
    h.callMeBot.script.push('quota');
    await h.publishSeries('quota-1', Array(12).fill(600));
    const id = await alertIdOf('quota-1');
    await waitFor('the failed delivery', async () => (await deliveries(id)).length === 1);
    await sleep(300);
    expect(h.callMeBot.requests.length - before).toBe(1);
    expect((await deliveries(id))[0]).toMatchObject({ outcome: 'failed', error: 'CallMeBotDeliveryError: You have exceeded the number of messages allowed' });
  });

  it('retries when CallMeBot cannot be reached at all, then gives up', async () => {
    const closed = await closedPort();
    await h.startService({ CALLMEBOT_BASE_URL: `http://127.0.0.1:${closed}`, NOTIFY_MAX_ATTEMPTS: '2' });
    await h.publishSeries('unreachable-1', Array(12).fill(600));
    const id = await alertIdOf('unreachable-1');
    const rows = await waitFor('two attempts', async () => {
      const r = await deliveries(id);
      return r.length === 2 && r;
    });
    expect(rows.map((r) => r.outcome)).toEqual(['retrying', 'failed']);
    expect(rows[0]!.error).toMatch(/^CallMeBotDeliveryError: network error calling http:\/\/127\.0\.0\.1:\d+\/whatsapp\.php: ECONNREFUSED$/);
  });

  it('rate-limits per recipient: spaced out, and dropped (and recorded) over the hourly budget', async () => {
    await h.startService({ NOTIFY_MAX_PER_HOUR: '2', NOTIFY_MIN_INTERVAL_MS: '400' });
    const before = h.callMeBot.requests.length;
    for (const id of ['rl-1', 'rl-2', 'rl-3']) await h.publishSeries(id, Array(12).fill(600));
    const third = await alertIdOf('rl-3');
    await waitFor('the dropped message', async () => (await deliveries(third)).length === 1, 5_000);
    const sent = h.callMeBot.requests.slice(before);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.at - sent[0]!.at).toBeGreaterThanOrEqual(380);
    expect((await deliveries(third))[0]).toMatchObject({ attempt: 0, outcome: 'rate_limited', error: 'more than 2 messages in an hour' });
  });

  it('logs the message instead when no CallMeBot API key is configured', async () => {
    await h.startService({ CALLMEBOT_API_KEY: '' });
    const before = h.callMeBot.requests.length;
    await h.publishSeries('nokey-1', Array(12).fill(640));
    const id = await alertIdOf('nokey-1');
    await waitFor('the logged delivery', async () => (await deliveries(id)).length === 1);
    expect((await deliveries(id))[0]).toMatchObject({ channel: 'log', outcome: 'sent' });
    expect(h.callMeBot.requests.length).toBe(before);
    const line = h.log.lines.find((l) => l.includes('"notifier":"log"') && l.includes('nokey-1'));
    expect(JSON.parse(line!).text).toMatch(/^⚠️ Power Alert! Load is consuming 640W which exceeds safety limit\.\nDevice: nokey-1\n/);
  });

  it('never writes the CallMeBot API key to the logs or the delivery log', async () => {
    expect(h.log.lines.length).toBeGreaterThan(20);
    expect(h.log.text()).not.toContain(API_KEY);
    const rows = await h.query<{ error: string | null }>('SELECT error FROM notification_deliveries');
    expect(rows.length).toBeGreaterThan(5);
    expect(JSON.stringify(rows)).not.toContain(API_KEY);
  });
});
