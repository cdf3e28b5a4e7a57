import { DevicesRepository, IntegrationsRepository, InvalidIntegrationError, ObserversRepository } from '../src';
import { ReservedAccountNameError } from '../src/devices/devices.repository';
import { testDatabaseFactories, type TestDatabase } from '../src/testing/test-database';

/**
 * Issue 16, item 5: one username namespace on the broker. A device may not take a service account's
 * name or prefix (it would own the service's client ids and lock it out at its next reconnect), nor
 * an observer's name; an observer may not take a device's or a service's.
 */
describe.each(Object.entries(testDatabaseFactories))('account names: %s', (_dialect, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(() => t.drop());

  it("refuses a device id that is a service account's name or starts with its prefix", async () => {
    const devices = new DevicesRepository(t.db);
    for (const id of ['ingest', 'alert', 'gateway', 'ingest-compose', 'alert-service', 'gateway-rpc-1a2b3c4d']) {
      await expect(devices.add(id)).rejects.toThrow(ReservedAccountNameError);
    }
    await expect(devices.add('alert-service')).rejects.toThrow('device id alert-service is reserved: ids alert and alert-… belong to the alert service account');
    expect(await devices.list()).toEqual([]);
    // Near misses are ordinary device ids.
    for (const id of ['ingester', 'gateway_lamp', 'alerts-1']) await expect(devices.add(id)).resolves.toMatchObject({ device: { id } });
  });

  it("refuses a device id that is an observer's name, and an observer named like a device or a service", async () => {
    const devices = new DevicesRepository(t.db);
    const observers = new ObserversRepository(t.db);
    await observers.upsert('grafana');
    await expect(devices.add('grafana')).rejects.toThrow('device id grafana is taken by an observer');
    await devices.add('kitchen-1');
    await expect(observers.upsert('kitchen-1')).rejects.toThrow('observer username kitchen-1 is taken by a device');
    await expect(observers.upsert('gateway')).rejects.toThrow(ReservedAccountNameError);
    await expect(observers.upsert('ingest-dash')).rejects.toThrow(ReservedAccountNameError);
  });
});

describe.each(Object.entries(testDatabaseFactories))('integration accounts: %s', (_dialect, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(() => t.drop());

  it('share the one namespace: no integration named like a device, observer or service, and no device or observer named like an integration', async () => {
    const devices = new DevicesRepository(t.db);
    const observers = new ObserversRepository(t.db);
    const integrations = new IntegrationsRepository(t.db);
    await devices.add('meter-1');
    await observers.upsert('grafana');
    await expect(integrations.upsert('meter-1', null)).rejects.toThrow('integration username meter-1 is taken by a device');
    await expect(integrations.upsert('grafana', null)).rejects.toThrow('integration username grafana is taken by an observer');
    await expect(integrations.upsert('gateway-ha', null)).rejects.toThrow(ReservedAccountNameError);
    await integrations.upsert('homeassistant', ['meter-1']);
    await expect(devices.add('homeassistant')).rejects.toThrow('device id homeassistant is taken by an integration account');
    await expect(observers.upsert('homeassistant')).rejects.toThrow('observer username homeassistant is taken by an integration account');
  });

  it('keep their devices (null: every device), re-key with a new secret that lifts a revocation, and report changes', async () => {
    const integrations = new IntegrationsRepository(t.db);
    const before = Date.now();
    const first = await integrations.upsert('nodered', ['b', 'a', 'a']);
    expect(await integrations.find('nodered')).toMatchObject({ username: 'nodered', devices: ['a', 'b'], revokedMs: null });
    expect(await integrations.revoke('nodered')).toBe(true);
    expect(await integrations.revoke('nodered')).toBe(false);
    expect((await integrations.find('nodered'))!.revokedMs).not.toBeNull();
    expect(await integrations.changedSince(before)).toContain('nodered');
    const second = await integrations.upsert('nodered', null);
    expect(second).not.toBe(first);
    expect(await integrations.find('nodered')).toMatchObject({ devices: null, revokedMs: null });
    await expect(integrations.upsert('x', ['Bad Id'])).rejects.toThrow(InvalidIntegrationError);
    expect((await integrations.find('nodered'))!.secretHash).not.toContain(second);
  });
});
