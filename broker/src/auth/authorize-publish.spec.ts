import { authorizePublish } from './authorize-publish';
import type { Identity } from './identity';

describe(authorizePublish.name, () => {
  const kitchen: Identity = { kind: 'device', deviceId: 'kitchen-1' };
  const limit = 16;
  const check = (identity: Identity, topic: string, payload = '{}') => authorizePublish(identity, { topic, payload }, limit);

  it('lets a device publish its own reading, status and relay state', () => {
    for (const topic of ['energy/kitchen-1/reading', 'energy/kitchen-1/status', 'energy/kitchen-1/relay']) expect(check(kitchen, topic)).toBeNull();
  });

  it("refuses a device another device's topic, naming both", () => {
    const refusal = check(kitchen, 'energy/garage-2/reading');
    expect(refusal?.reason).toBe('publish-not-allowed');
    expect(refusal?.message).toBe('device kitchen-1 may not publish to energy/garage-2/reading');
  });

  it('refuses a device the topics the bus writes to it', () => {
    for (const topic of ['energy/kitchen-1/ack', 'energy/kitchen-1/cmd/relay', 'energy/kitchen-1/alert', 'energy/kitchen-1/telemetry', 'energy/kitchen-1', 'svc/alert/rules/create']) {
      expect(check(kitchen, topic)?.reason).toBe('publish-not-allowed');
    }
  });

  it('never lets an observer or an anonymous client publish', () => {
    expect(check({ kind: 'observer', username: 'grafana' }, 'energy/kitchen-1/reading')?.message).toBe('observer grafana may not publish to energy/kitchen-1/reading');
    expect(check({ kind: 'anonymous' }, 'energy/kitchen-1/reading')?.reason).toBe('publish-not-allowed');
  });

  it('trusts services inside energy/ and svc/ only', () => {
    const ingest: Identity = { kind: 'service', service: 'ingest' };
    expect(check(ingest, 'energy/kitchen-1/ack')).toBeNull();
    expect(check(ingest, 'svc/alert/rules/create/reply')).toBeNull();
    expect(check(ingest, '$SYS/broker/x')?.reason).toBe('publish-not-allowed');
    expect(check(ingest, 'other/thing')?.reason).toBe('publish-not-allowed');
  });

  it('refuses wildcards for everyone [MQTT-3.3.2-2]', () => {
    expect(check({ kind: 'service', service: 'alert' }, 'energy/+/cmd/relay')?.reason).toBe('publish-wildcard');
    expect(check(kitchen, 'energy/kitchen-1/#')?.reason).toBe('publish-wildcard');
  });

  it('refuses control characters and U+0000 in the topic [MQTT-1.5.3]', () => {
    expect(check(kitchen, 'energy/kitchen-1/reading\u0000')?.message).toContain('contains U+0000');
    expect(check(kitchen, 'energy/kitchen-1/\u0007reading')?.reason).toBe('topic-invalid');
  });

  it('refuses a payload over the limit, counting bytes not characters', () => {
    expect(check(kitchen, 'energy/kitchen-1/reading', 'x'.repeat(limit))).toBeNull();
    expect(check(kitchen, 'energy/kitchen-1/reading', 'é'.repeat(9))?.reason).toBe('payload-too-large');
  });
});
