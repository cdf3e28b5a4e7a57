import { analyticsTopics, servicePatterns, type AlertRule, type AlertServiceReply, type FindingMessage } from '@energy/contracts';
import type { MqttClient } from 'mqtt';
import { AlertHarness, sleep, waitFor } from './alert-harness';

/**
 * The unusual_consumption rule (issue 18) against the real broker and MariaDB: the analytics service
 * is played by a client of its own account, publishing findings on energy/{id}/finding as it does.
 */
describe('unusual_consumption alerts (real broker, MariaDB, local CallMeBot)', () => {
  let h: AlertHarness;
  let analytics: MqttClient;
  const HOUR = 3_600_000;
  const messagesFor = (deviceId: string) => h.callMeBot.requests.filter((r) => r.text?.includes(`Device: ${deviceId}\n`) || r.text?.includes(`(${deviceId})`));
  const alertsFor = (deviceId: string) => h.query<{ id: number; state: string; kind: string; message: string }>('SELECT id, state, kind, message FROM alerts WHERE device_id = ? ORDER BY id', [deviceId]);
  const finding = (deviceId: string, over: Partial<FindingMessage> = {}): FindingMessage => {
    const end = Date.now() - 60_000;
    return { device_id: deviceId, kind: 'unusually_high', start_ms: end - 3 * HOUR, end_ms: end, sentence: '2.1 kWh in 3 h from Sat 24 Feb 14:00, usually 0.6 kWh on a Saturday afternoon.', observed: 2.1, usual: 0.6, unit: 'kWh', ts: Date.now(), ...over };
  };
  const publish = (f: unknown, deviceId = (f as FindingMessage).device_id) => analytics.publishAsync(analyticsTopics.finding(deviceId), JSON.stringify(f), { qos: 1 });
  const rule = async (deviceId: string, threshold: number, holdSeconds: number) => {
    const reply = await h.rpc<AlertServiceReply<AlertRule>>(servicePatterns.alertRulesCreate, { name: `unusual ${deviceId}`, deviceId, kind: 'unusual_consumption', threshold, holdSeconds });
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };

  beforeAll(async () => {
    h = await AlertHarness.start();
    await h.startService({ UNUSUAL_CLEAR_AFTER_MS: '1500' });
    analytics = await h.connect('analytics');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('notifies with the finding’s sentence when a finding is far enough from usual and has lasted the hold, then clears when findings stop', async () => {
    await rule('house-1', 2, 3600);
    await publish(finding('house-1'));
    await waitFor('the unusual consumption message', () => messagesFor('house-1').length > 0);
    const [message] = messagesFor('house-1');
    expect(message!.text).toContain('⚠️ Unusual consumption! 2.1 kWh in 3 h from Sat 24 Feb 14:00, usually 0.6 kWh on a Saturday afternoon.');
    const [alert] = await alertsFor('house-1');
    expect(alert).toMatchObject({ state: 'active', kind: 'unusual_consumption' });
    // The same finding grown: no second alert, no second message.
    await publish(finding('house-1', { end_ms: Date.now(), observed: 2.6 }));
    await sleep(500);
    expect(await alertsFor('house-1')).toHaveLength(1);
    expect(messagesFor('house-1')).toHaveLength(1);
    // No growth for UNUSUAL_CLEAR_AFTER_MS: the finding has ended and so has the alert.
    await waitFor('the clear', async () => (await alertsFor('house-1'))[0]?.state === 'cleared');
    await waitFor('the cleared message', () => messagesFor('house-1').some((m) => m.text?.includes('✅ Consumption is back to usual.')));
  });

  it('takes a finding below usual by the same factor, and the sensitivity and hold keep the small and short ones out', async () => {
    await rule('house-2', 3, 2 * 3600);
    await publish(finding('house-2', { kind: 'unusually_low', observed: 0.5, usual: 1.2, sentence: 'small: 0.5 kWh, usually 1.2 kWh.' })); // 2.4 x: below the sensitivity
    await publish(finding('house-2', { start_ms: Date.now() - HOUR, observed: 9, usual: 1, sentence: 'short: 1 h only.' })); // 9 x but 1 h < 2 h hold
    await sleep(800);
    expect(await alertsFor('house-2')).toEqual([]);
    await publish(finding('house-2', { kind: 'unusually_low', observed: 0.2, usual: 1.2, sentence: '0.2 kWh in 9 days, usually 1.2 kWh.' }));
    await waitFor('the low consumption alert', async () => (await alertsFor('house-2')).length === 1);
    expect((await alertsFor('house-2'))[0]!.message).toBe('⚠️ Unusual consumption! 0.2 kWh in 9 days, usually 1.2 kWh.');
  });

  it('never raises one from missing data: a device that stops reporting is the offline rule’s matter', async () => {
    await rule('house-3', 1, 0);
    await h.publishSeries('house-3', Array(5).fill(300));
    // Silence: the readings stop. The analytics service makes no finding of missing data, and the rule judges findings only.
    await sleep(1500);
    expect(await alertsFor('house-3')).toEqual([]);
  });

  it('refuses a message that is not a finding of its device, with the reason, and keeps serving', async () => {
    await rule('house-4', 1, 0);
    await publish({ device_id: 'house-4', kind: 'made_up', sentence: 'x' });
    await publish(finding('house-5'), 'house-7');
    await waitFor('the refusals in the log', () => h.log.text().includes('not a finding: kind') && h.log.text().includes('is not the topic'));
    const metrics = await (await fetch(`http://127.0.0.1:${h.service!.opsPort}/metrics`)).text();
    expect(metrics).toMatch(/alert_findings_refused_total\{[^}]*\} 2/);
    expect(await alertsFor('house-4')).toEqual([]);
    await publish(finding('house-4'));
    await waitFor('the real finding’s alert', async () => (await alertsFor('house-4')).length === 1);
  });

  it('refuses an unusual_consumption rule with a sensitivity below 1, naming the field', async () => {
    const reply = await h.rpc<AlertServiceReply<AlertRule>>(servicePatterns.alertRulesCreate, { name: 'too keen', deviceId: 'house-6', kind: 'unusual_consumption', threshold: 0.5 });
    expect(reply).toMatchObject({ ok: false, code: 'invalid', error: expect.stringContaining('threshold') });
  });
});
