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

  it('lets each service publish only what it sends (issue 16)', () => {
    const ingest: Identity = { kind: 'service', service: 'ingest' };
    const alert: Identity = { kind: 'service', service: 'alert' };
    const gateway: Identity = { kind: 'service', service: 'gateway' };
    const allowed: [Identity, string][] = [
      [ingest, 'energy/kitchen-1/ack'],
      [ingest, 'energy/kitchen-1/telemetry'],
      [ingest, 'energy/kitchen-1/rejected'],
      [ingest, 'svc/p07/telemetry'],
      [alert, 'energy/kitchen-1/alert'],
      [alert, 'energy/kitchen-1/cmd/relay'],
      [alert, 'svc/alert/rules/create/reply'],
      [gateway, 'energy/kitchen-1/reading'],
      [gateway, 'svc/alert/rules/create'],
    ];
    for (const [who, topic] of allowed) expect({ who, topic, refusal: check(who, topic) }).toEqual({ who, topic, refusal: null });
    const refused: [Identity, string][] = [
      [gateway, 'energy/kitchen-1/ack'],
      [gateway, 'energy/kitchen-1/cmd/relay'],
      [gateway, 'svc/alert/rules/create/reply'],
      [gateway, 'svc/p07/telemetry'],
      [ingest, 'energy/kitchen-1/cmd/relay'],
      [ingest, 'energy/kitchen-1/reading'],
      [ingest, 'svc/alert/rules/create'],
      [alert, 'energy/kitchen-1/ack'],
      [alert, 'energy/kitchen-1/telemetry'],
      [alert, 'energy/kitchen-1/relay/reply'],
      [ingest, '$SYS/broker/x'],
      [ingest, 'other/thing'],
    ];
    for (const [who, topic] of refused) expect({ who, topic, reason: check(who, topic)?.reason }).toEqual({ who, topic, reason: 'publish-not-allowed' });
    expect(check(gateway, 'energy/kitchen-1/ack')?.message).toBe('service gateway may not publish to energy/kitchen-1/ack');
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
