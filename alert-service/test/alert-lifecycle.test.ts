import { encodeTelemetryBatch, servicePatterns, telemetryBatchTopic, topics, type AlertEvent, type AlertRecord, type AlertRule, type AlertServiceReply } from '@energy/contracts';
import mqtt from 'mqtt';
import { localTime } from '../src/alerts/alert-text';
import { AlertHarness, API_KEY, PHONE, sleep, telemetry, waitFor } from './alert-harness';

/**
 * The alert service in this process against the real broker and MariaDB, with CallMeBot as a local
 * HTTP server. The test plays the ingest (Telemetry with device timestamps one second apart, so 30 s
 * of load takes milliseconds) and the gateway (requests over the bus).
 */
describe('alert lifecycle (real broker, MariaDB, local CallMeBot)', () => {
  let h: AlertHarness;
  const messagesFor = (deviceId: string) => h.callMeBot.requests.filter((r) => r.text?.includes(`(${deviceId})`) || r.text?.includes(`Device: ${deviceId}\n`));
  const alertsFor = (deviceId: string) => h.query<{ id: number; state: string }>('SELECT id, state FROM alerts WHERE device_id = ? ORDER BY id', [deviceId]);

  beforeAll(async () => {
    h = await AlertHarness.start();
    await h.broker.provisionDevice('kitchen-1', 'Kitchen');
    await h.startService();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('sends nothing for an inrush spike of 2 s above 500 W', async () => {
    await h.publishSeries('inrush-1', [120, 1800, 1750, 130, ...Array(15).fill(125)]);
    await sleep(800);
    expect(messagesFor('inrush-1')).toHaveLength(0);
    expect(await alertsFor('inrush-1')).toHaveLength(0);
  });

  it('judges readings that come many to a message, two devices interleaved, each in its own order', async () => {
    // One message of the ingest's internal stream carrying 20 s of two devices: an inrush spike and a sustained overload.
    const start = Date.now() - 20_000;
    const inrush = [120, 1800, 1750, 130, ...Array(16).fill(125)];
    const overload = Array(20).fill(900);
    const readings = inrush.flatMap((p, i) => [telemetry('inrush-2', p, start + i * 1_000), telemetry('overload-2', overload[i]!, start + i * 1_000)]);
    await h.ingest.publishAsync(telemetryBatchTopic(3), encodeTelemetryBatch(readings), { qos: 1 });
    await waitFor('the overload alert', () => messagesFor('overload-2').length > 0);
    await sleep(800);
    expect(messagesFor('overload-2')).toHaveLength(1);
    expect(messagesFor('inrush-2')).toHaveLength(0);
    const [raised] = await h.query<{ reading: string }>(
      "SELECT t.reading FROM alert_transitions t JOIN alerts a ON a.id = t.alert_id WHERE a.device_id = 'overload-2' AND t.state = 'active'",
    );
    expect(JSON.parse(raised!.reading)).toMatchObject({ power_w: 900, ts: start + 10_000 }); // the reading that completed the 10 s hold
  });

  it('sends exactly one message for 30 s above 500 W, with the exact text and parameters', async () => {
    const start = await h.publishSeries('kitchen-1', Array(30).fill(520));
    await waitFor('the message', () => messagesFor('kitchen-1').length > 0);
    await sleep(800);
    const messages = messagesFor('kitchen-1');
    expect(messages).toHaveLength(1);
    const raisedAt = start + 10_000; // the reading that completed the 10 s hold
    expect(messages[0]!.text).toBe(
      `⚠️ Power Alert! Load is consuming 520W which exceeds safety limit.\nDevice: Kitchen (kitchen-1)\nLimit: 500W\nTime: ${localTime(raisedAt, 'Europe/Berlin')} (Europe/Berlin)`,
    );
    expect(messages[0]!.phone).toBe(PHONE);
    expect(messages[0]!.apikey).toBe(API_KEY);
    // Encoded exactly once: + as %2B, the emoji as its UTF-8 bytes, no double-encoded %25.
    expect(messages[0]!.rawQuery.startsWith('phone=%2B4915112345678&text=%E2%9A%A0%EF%B8%8F%20Power%20Alert!%20Load%20is%20consuming%20520W')).toBe(true);
    expect(messages[0]!.rawQuery).not.toContain('%25');

    const [alert] = await alertsFor('kitchen-1');
    expect(alert!.state).toBe('active');
    const [transition] = await h.query<{ state: string; reading: string }>('SELECT state, reading FROM alert_transitions WHERE alert_id = ?', [alert!.id]);
    expect(transition!.state).toBe('active');
    expect(JSON.parse(transition!.reading)).toMatchObject({ device_id: 'kitchen-1', power_w: 520, ts: raisedAt });
    const deliveries = await h.query<{ channel: string; outcome: string; attempt: number }>('SELECT channel, outcome, attempt FROM notification_deliveries WHERE alert_id = ?', [alert!.id]);
    expect(deliveries).toEqual([{ channel: 'callmebot', outcome: 'sent', attempt: 1 }]);
  });

  it('retains the current alert state, so a late subscriber sees it', async () => {
    const late = await mqtt.connectAsync(h.broker.url, { clientId: `gateway-late-${process.pid}`, username: 'gateway', password: h.broker.servicePasswords.gateway });
    try {
      const event = new Promise<AlertEvent>((resolve) => late.on('message', (_t, payload) => resolve(JSON.parse(payload.toString()))));
      await late.subscribeAsync(topics.alert('kitchen-1'), { qos: 1 });
      expect(await event).toMatchObject({ device_id: 'kitchen-1', kind: 'power_above', state: 'active', value: 520, threshold: 500, severity: 'critical' });
    } finally {
      await late.endAsync(true);
    }
  });

  it('does not flap when power oscillates around the limit', async () => {
    await h.publishSeries('hover-1', Array.from({ length: 40 }, (_, i) => (i % 2 ? 515 : 490)));
    await sleep(500);
    expect(messagesFor('hover-1')).toHaveLength(0);
    // Raised by a sustained overload, then hovering between the clear line (450 W) and the limit.
    await h.publishSeries('hover-1', [...Array(12).fill(560), ...Array.from({ length: 40 }, (_, i) => (i % 2 ? 540 : 460))]);
    await waitFor('the alert', async () => (await alertsFor('hover-1')).length === 1);
    await sleep(800);
    expect(messagesFor('hover-1')).toHaveLength(1);
    expect((await alertsFor('hover-1')).map((a) => a.state)).toEqual(['active']);
  });

  it('acknowledge, then clear: the clear message is sent once', async () => {
    await h.publishSeries('ack-1', Array(12).fill(700));
    const [alert] = await waitFor('the alert', async () => {
      const rows = await alertsFor('ack-1');
      return rows.length === 1 && rows;
    });
    const acked = await h.rpc<AlertServiceReply<AlertRecord>>(servicePatterns.alertAcknowledge, { alertId: alert!.id, by: 'tester' });
    expect(acked).toMatchObject({ ok: true, value: { id: alert!.id, state: 'acknowledged', deviceId: 'ack-1' } });
    await waitFor('the acknowledged event', () => h.events.some((e) => e.alert_id === alert!.id && e.state === 'acknowledged'));

    await h.publishSeries('ack-1', Array(10).fill(90));
    await waitFor('the clear message', () => messagesFor('ack-1').length === 2);
    await h.publishSeries('ack-1', Array(5).fill(80));
    await sleep(800);
    const texts = messagesFor('ack-1').map((m) => m.text!.split('\n')[0]);
    expect(texts).toEqual(['⚠️ Power Alert! Load is consuming 700W which exceeds safety limit.', '✅ Power alert cleared. Load is now 90W (limit 500W).']);
    const transitions = await h.query<{ state: string; reading: string | null }>('SELECT state, reading FROM alert_transitions WHERE alert_id = ? ORDER BY id', [alert!.id]);
    expect(transitions.map((t) => t.state)).toEqual(['active', 'acknowledged', 'cleared']);
    expect(JSON.parse(transitions[2]!.reading!)).toMatchObject({ power_w: 90 });

    expect(await h.rpc(servicePatterns.alertAcknowledge, { alertId: alert!.id })).toEqual({ ok: false, code: 'conflict', error: `alert ${alert!.id} is already cleared` });
    expect(await h.rpc(servicePatterns.alertAcknowledge, { alertId: 999_999 })).toEqual({ ok: false, code: 'not_found', error: 'alert 999999 does not exist' });
  });

  it('sends no duplicate after a restart during an active alert, and clears once afterwards', async () => {
    await h.publishSeries('restart-1', Array(12).fill(900));
    await waitFor('the first message', () => messagesFor('restart-1').length === 1);
    // The retained event and the WhatsApp message go out side by side: count events only once it is here.
    await waitFor('the active event', () => h.events.some((e) => e.device_id === 'restart-1' && e.state === 'active'));
    const eventsBefore = h.events.filter((e) => e.device_id === 'restart-1').length;

    await h.stopService();
    await h.startService();
    await h.publishSeries('restart-1', Array(15).fill(910));
    await sleep(800);
    expect(messagesFor('restart-1')).toHaveLength(1);
    expect(h.events.filter((e) => e.device_id === 'restart-1')).toHaveLength(eventsBefore);

    await h.publishSeries('restart-1', Array(3).fill(50));
    await waitFor('the clear message', () => messagesFor('restart-1').length === 2);
    await sleep(300);
    expect(messagesFor('restart-1')).toHaveLength(2);
  });

  it('applies rule changes from the gateway without a restart', async () => {
    const invalid = await h.rpc<AlertServiceReply<AlertRule>>(servicePatterns.alertRulesCreate, { name: 'x', kind: 'voltage_outside', threshold: 253 });
    expect(invalid).toEqual({ ok: false, code: 'invalid', error: 'invalid rule: thresholdLow is required for voltage_outside' });

    const created = await h.rpc<AlertServiceReply<AlertRule>>(servicePatterns.alertRulesCreate, {
      name: 'Garage heater current',
      deviceId: 'garage-2',
      kind: 'current_above',
      threshold: 8,
      holdSeconds: 0,
      recipients: ['+33612345678'],
    });
    expect(created).toMatchObject({ ok: true, value: { id: expect.any(Number), deviceId: 'garage-2', threshold: 8, clearThreshold: null, holdSeconds: 0, severity: 'warning' } });
    const ruleId = (created as { value: AlertRule }).value.id;

    await h.publishTelemetry(telemetry('garage-2', 2070, Date.now()));
    await waitFor('the current alert', () => h.callMeBot.requests.find((r) => r.phone === '+33612345678'));
    expect(h.callMeBot.requests.find((r) => r.phone === '+33612345678')!.text!.split('\n')[0]).toBe('⚠️ Current Alert! Load is drawing 9A which exceeds the 8A limit.');

    const updated = await h.rpc<AlertServiceReply<AlertRule>>(servicePatterns.alertRulesUpdate, { id: ruleId, rule: { threshold: 20, clearThreshold: 18 } });
    expect(updated).toMatchObject({ ok: true, value: { id: ruleId, threshold: 20, clearThreshold: 18, name: 'Garage heater current' } });
    expect(await h.rpc(servicePatterns.alertRulesUpdate, { id: ruleId, rule: { holdSeconds: -1 } })).toMatchObject({ ok: false, code: 'invalid' });

    expect(await h.rpc(servicePatterns.alertRulesDelete, { id: ruleId })).toEqual({ ok: true, value: { id: ruleId } });
    expect(await h.rpc(servicePatterns.alertRulesDelete, { id: ruleId })).toEqual({ ok: false, code: 'not_found', error: `rule ${ruleId} does not exist` });
    // Deleting the rule closes its open alert (quietly) and publishes the cleared state.
    await waitFor('the cleared event', () => h.events.some((e) => e.rule_id === ruleId && e.state === 'cleared'));
    const [row] = await h.query<{ deleted_ms: number | null }>('SELECT deleted_ms FROM alert_rules WHERE id = ?', [ruleId]);
    expect(row!.deleted_ms).not.toBeNull();
  });

  it('answers /health and counts evaluations, alerts and deliveries in /metrics', async () => {
    await h.publishSeries('metrics-1', Array(12).fill(600));
    await waitFor('the message', () => messagesFor('metrics-1').length === 1);
    const base = `http://127.0.0.1:${h.service!.opsPort}`;
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', checks: { database: 'ok', bus: 'ok' } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/alert_evaluations_total\{[^}]*source="reading"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/alerts_raised_total\{[^}]*kind="power_above"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/alert_deliveries_total\{[^}]*outcome="sent"[^}]*\} [1-9]/);
  });

  it('never writes the CallMeBot API key to the logs', () => {
    expect(h.log.lines.length).toBeGreaterThan(20);
    expect(h.log.text()).not.toContain(API_KEY);
  });
});
