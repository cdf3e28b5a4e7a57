import { authorizeSubscribe } from './authorize-subscribe';
import type { Identity } from './identity';
import { parseSharedFilter } from './shared-subscription';

describe(authorizeSubscribe.name, () => {
  const kitchen: Identity = { kind: 'device', deviceId: 'kitchen-1' };
  const observer: Identity = { kind: 'observer', username: 'grafana' };
  const ingest: Identity = { kind: 'service', service: 'ingest' };

  it('lets a device hear only its own ack and commands', () => {
    for (const filter of ['energy/kitchen-1/ack', 'energy/kitchen-1/cmd/#', 'energy/kitchen-1/cmd/relay', 'energy/kitchen-1/cmd/+']) {
      expect(authorizeSubscribe(kitchen, filter)).toBeNull();
    }
    for (const filter of ['energy/garage-2/ack', 'energy/+/ack', 'energy/kitchen-1/#', 'energy/kitchen-1/+', 'energy/kitchen-1/reading', 'energy/kitchen-1/ack/#', '#', 'energy/#']) {
      expect(authorizeSubscribe(kitchen, filter)?.reason).toBe('subscribe-not-allowed');
    }
    expect(authorizeSubscribe(kitchen, 'energy/garage-2/ack')?.message).toBe('device kitchen-1 may not subscribe to energy/garage-2/ack');
  });

  it('lets observers read anything under energy/ and nothing else', () => {
    for (const filter of ['energy/#', 'energy/+/reading', 'energy/kitchen-1/status']) expect(authorizeSubscribe(observer, filter)).toBeNull();
    for (const filter of ['#', '+/kitchen-1/reading', 'svc/#', '$SYS/#', '$share/g/energy/#']) expect(authorizeSubscribe(observer, filter)?.reason).toBe('subscribe-not-allowed');
  });

  it('lets services read energy/ like observers, and only their own part of svc/, shared or not (issue 16)', () => {
    const alert: Identity = { kind: 'service', service: 'alert' };
    const gateway: Identity = { kind: 'service', service: 'gateway' };
    for (const filter of ['energy/+/reading', 'energy/#', '$share/ingest/energy/+/reading']) expect(authorizeSubscribe(ingest, filter)).toBeNull();
    for (const filter of ['svc/+/telemetry', '$share/alerting/svc/+/telemetry', 'svc/alert/rules/create', 'svc/alert/+/+', 'energy/+/status']) expect(authorizeSubscribe(alert, filter)).toBeNull();
    for (const filter of ['svc/+/telemetry', 'svc/p03/telemetry', 'svc/alert/rules/create/reply', 'svc/alert/+/+/reply', 'energy/+/alert']) expect(authorizeSubscribe(gateway, filter)).toBeNull();
    const refused: [Identity, string][] = [
      [ingest, 'svc/#'],
      [ingest, 'svc/alert/rules/create'],
      [gateway, 'svc/alert/rules/create'],
      [gateway, 'svc/alert/#'],
      [alert, 'svc/alert/+/+/reply'],
      [alert, 'svc/#'],
      [ingest, '#'],
      [ingest, '$SYS/#'],
      [ingest, '$share/ingest/#'],
    ];
    for (const [who, filter] of refused) expect({ who, filter, reason: authorizeSubscribe(who, filter)?.reason }).toEqual({ who, filter, reason: 'subscribe-not-allowed' });
    expect(authorizeSubscribe(ingest, '$share//energy/#')?.reason).toBe('topic-invalid');
  });

  it('refuses control characters in filters', () => {
    expect(authorizeSubscribe(observer, 'energy/\u0000/#')?.reason).toBe('topic-invalid');
  });
});

describe(parseSharedFilter.name, () => {
  it('splits group and filter and rejects malformed ones [MQTT-4.8.2-1]', () => {
    expect(parseSharedFilter('energy/#')).toBeNull();
    expect(parseSharedFilter('$share/ingest/energy/+/reading')).toEqual({ group: 'ingest', filter: 'energy/+/reading' });
    expect(() => parseSharedFilter('$share/in+/energy/#')).toThrow('group name without wildcards');
    expect(() => parseSharedFilter('$share/ingest')).toThrow('needs a topic filter');
  });
});
