import { servicePatterns, topics } from '@energy/contracts';
import mqtt from 'mqtt';
import { AlertHarness, sleep } from './alert-harness';

/**
 * Issue 16 (low): device status and relay messages are events whatever their payload says. Nest's
 * default deserializer took a payload with `id` for a request and published a reply on the device's
 * topic + `/reply`, which the alert service may not publish to: the broker closed its connection.
 */
describe('device payloads that look like requests', () => {
  let h: AlertHarness;
  beforeAll(async () => {
    h = await AlertHarness.start();
    await h.startService();
  });
  afterAll(() => h.close());

  const refusals = async (reason: string) => {
    const line = (await h.broker.metrics()).split('\n').find((l) => l.startsWith(`mqtt_refusals_total{reason="${reason}"}`));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  it('never answers a device, and keeps serving requests', async () => {
    const secret = await h.broker.provisionDevice('kettle-1');
    const device = await mqtt.connectAsync(h.broker.url, { clientId: 'kettle-1', username: 'kettle-1', password: secret, reconnectPeriod: 0 });
    const replies: string[] = [];
    h.observer.on('message', (topic) => topic.endsWith('/reply') && replies.push(topic));
    await h.observer.subscribeAsync('energy/#', { qos: 0 });
    await device.publishAsync(topics.relayState('kettle-1'), JSON.stringify({ id: 'x1', pattern: 'energy/+/relay', data: { state: 'off' } }), { qos: 1 });
    await device.publishAsync(topics.status('kettle-1'), JSON.stringify({ id: 'x2', pattern: 'energy/+/status', data: 'online' }), { qos: 1 });
    await sleep(500);
    expect(replies).toEqual([]);
    expect(await refusals('publish-not-allowed')).toBe(0);
    // Still answering the gateway: an invalid rule is refused with a reply, not dropped.
    const reply = await h.rpc<{ ok: boolean; code?: string }>(servicePatterns.alertRulesCreate, { name: '' });
    expect(reply).toMatchObject({ ok: false, code: 'invalid' });
    await device.endAsync();
  });
});
