import { DevicesRepository, ObserversRepository } from '@energy/db';
import { createFixture, waitFor, type Fixture } from './support/fixture';

/**
 * Issue 16 (low): revoking a device (gateway or CLI, another process) did not end its live MQTT
 * session, and a verified secret stayed cached for a minute. The broker now looks for revocations
 * and rotations every REVOCATION_CHECK_MS.
 */
describe('revocation reaches connected clients', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await createFixture({ limits: { revocationCheckMs: 200 } });
  });
  afterEach(() => f.close());

  it('disconnects a revoked device at once and refuses its cached secret', async () => {
    const garage = await f.connect({ clientId: 'garage-2', username: 'garage-2', password: f.secrets.garage, reconnectPeriod: 0 });
    const closed = new Promise<void>((resolve) => garage.once('close', () => resolve()));
    await new DevicesRepository(f.broker.db).revoke('garage-2');
    await closed;
    await expect(f.connect({ clientId: 'garage-2', username: 'garage-2', password: f.secrets.garage })).rejects.toThrow(/Bad username or password/i);
    await f.assertStillServing();
  }, 15_000);

  it('refuses the old secret of a rotated device at once, and disconnects a revoked observer', async () => {
    const old = f.secrets.garage;
    const garage = await f.connect({ clientId: 'garage-2', username: 'garage-2', password: old, reconnectPeriod: 0 });
    garage.end(true);
    const fresh = await new DevicesRepository(f.broker.db).rotate('garage-2');
    await waitFor(async () => (await f.connect({ clientId: 'garage-2', username: 'garage-2', password: old }).then((c) => (c.end(true), false), () => true)), 'the old secret to be refused', 3_000);
    await expect(f.connect({ clientId: 'garage-2', username: 'garage-2', password: fresh })).resolves.toBeDefined();
    const observer = await f.connect({ clientId: 'grafana-1', username: 'grafana', password: f.secrets.observer });
    const closed = new Promise<void>((resolve) => observer.once('close', () => resolve()));
    await new ObserversRepository(f.broker.db).revoke('grafana');
    await closed;
    await f.assertStillServing();
  }, 15_000);
});
