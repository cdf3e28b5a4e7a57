import { Registry } from 'prom-client';
import { createBrokerMetrics } from './broker-metrics';

describe('broker metrics tallies', () => {
  it('report every count at each scrape, and nothing twice', async () => {
    const registry = new Registry();
    const metrics = createBrokerMetrics(registry);
    metrics.messagesIn.inc();
    metrics.messagesIn.inc();
    metrics.bytesOut.inc(300);
    const value = async (name: string) => (await registry.getSingleMetric(name)!.get()).values[0]?.value;
    expect(await value('mqtt_messages_in_total')).toBe(2);
    expect(await value('mqtt_bytes_out_total')).toBe(300);
    expect(await value('mqtt_messages_in_total')).toBe(2);
    metrics.messagesIn.inc();
    expect(await value('mqtt_messages_in_total')).toBe(3);
    expect(await registry.metrics()).toContain('mqtt_messages_in_total 3');
  });
});
