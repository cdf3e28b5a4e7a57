import { authorizePublish } from './authorize-publish';
import { authorizeSubscribe } from './authorize-subscribe';
import type { Identity } from './identity';

describe('integration accounts and the gateway discovery rights (issue 17)', () => {
  const ha: Identity = { kind: 'integration', username: 'homeassistant', devices: new Set(['kitchen-1']) };
  const everyDevice: Identity = { kind: 'integration', username: 'nodered', devices: null };
  const gateway: Identity = { kind: 'service', service: 'gateway' };
  const publish = (who: Identity, topic: string, retain = false, prefix?: string) => authorizePublish(who, { topic, payload: 'on', retain }, 1024, prefix);

  it('lets an integration ask for relay changes of its own devices, under its own name only', () => {
    expect(publish(ha, 'svc/relay/homeassistant/kitchen-1/set')).toBeNull();
    expect(publish(everyDevice, 'svc/relay/nodered/garage-9/set')).toBeNull();
    expect(publish(ha, 'svc/relay/homeassistant/garage-9/set')?.message).toBe('integration homeassistant may not publish to svc/relay/homeassistant/garage-9/set: not allowed: homeassistant may not switch garage-9');
    expect(publish(ha, 'svc/relay/nodered/kitchen-1/set')?.reason).toBe('publish-not-allowed');
  });

  it('refuses a retained relay request: it would switch the relay again at every restart of its reader', () => {
    expect(publish(ha, 'svc/relay/homeassistant/kitchen-1/set', true)?.message).toMatch(/must not be retained/);
  });

  it("lets an integration publish Home Assistant's birth and will under the configured prefix, and nothing else", () => {
    expect(publish(ha, 'homeassistant/status')).toBeNull();
    expect(publish(ha, 'ha/status', false, 'ha')).toBeNull();
    expect(publish(ha, 'homeassistant/status', false, 'ha')?.reason).toBe('publish-not-allowed');
    for (const topic of ['energy/kitchen-1/cmd/relay', 'energy/kitchen-1/reading', 'homeassistant/sensor/sem_kitchen-1/power/config', 'energy/kitchen-1/state', 'svc/alert/relay/set']) {
      expect({ topic, reason: publish(ha, topic)?.reason }).toEqual({ topic, reason: 'publish-not-allowed' });
    }
  });

  it('lets an integration read energy/# and the discovery topics, not the services\u2019 tree', () => {
    for (const filter of ['energy/#', 'energy/+/state', 'homeassistant/#', 'homeassistant/sensor/+/+/config']) expect({ filter, refusal: authorizeSubscribe(ha, filter) }).toEqual({ filter, refusal: null });
    for (const filter of ['#', 'svc/#', 'svc/relay/+/+/set', '$share/g/energy/#', 'ha/#']) expect({ filter, reason: authorizeSubscribe(ha, filter)?.reason }).toEqual({ filter, reason: 'subscribe-not-allowed' });
    expect(authorizeSubscribe(ha, 'ha/#', 'ha')).toBeNull();
  });

  it('lets the gateway publish the discovery configs and device states, and read the birth message and its configs', () => {
    expect(publish(gateway, 'homeassistant/sensor/sem_kitchen-1/energy/config', true)).toBeNull();
    expect(publish(gateway, 'energy/kitchen-1/state', true)).toBeNull();
    expect(publish(gateway, 'homeassistant/status')?.reason).toBe('publish-not-allowed');
    expect(publish(gateway, 'svc/relay/homeassistant/kitchen-1/set')?.reason).toBe('publish-not-allowed');
    expect(authorizeSubscribe(gateway, 'homeassistant/status')).toBeNull();
    expect(authorizeSubscribe(gateway, 'homeassistant/+/+/+/config')).toBeNull();
    expect(authorizeSubscribe(gateway, 'homeassistant/#')?.reason).toBe('subscribe-not-allowed');
    // Other services get none of it.
    expect(publish({ kind: 'service', service: 'ingest' }, 'energy/kitchen-1/state')?.reason).toBe('publish-not-allowed');
  });
});
