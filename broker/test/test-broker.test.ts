import { topics } from '@energy/contracts';
import mqtt from 'mqtt';
import { startTestBroker, type TestBroker } from '../src/testing/test-broker';

describe('startTestBroker', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startTestBroker();
  });
  afterAll(() => broker.close());

  it('carries a provisioned device reading to a service over TCP and WebSocket', async () => {
    const secret = await broker.provisionDevice('helper-1');
    const ingest = await mqtt.connectAsync(broker.url, { clientId: 'ingest-helper', username: 'ingest', password: broker.servicePasswords.ingest, reconnectPeriod: 0 });
    const device = await mqtt.connectAsync(broker.wsUrl, { clientId: 'helper-1', username: 'helper-1', password: secret, reconnectPeriod: 0 });
    try {
      await ingest.subscribeAsync('energy/+/reading', { qos: 1 });
      const received = new Promise<string>((resolve) => ingest.once('message', (_topic, payload) => resolve(payload.toString())));
      await device.publishAsync(topics.reading('helper-1'), '{"Voltage":230.1,"Current":1.5}', { qos: 1 });
      await expect(received).resolves.toBe('{"Voltage":230.1,"Current":1.5}');
    } finally {
      await Promise.all([ingest.endAsync(), device.endAsync()]);
    }
  });

  it('serves /health and /metrics', async () => {
    const health = await fetch(`${broker.httpUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', checks: { database: 'ok', listeners: 'ok' } });
    expect(await (await fetch(`${broker.httpUrl}/metrics`)).text()).toContain('mqtt_messages_in_total');
  });
});
