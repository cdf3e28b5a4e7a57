import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics } from '@energy/contracts';
import { DevicesRepository } from '@energy/db';
import { createFixture, settle, type Fixture } from './support/fixture';
import { mosquitto, requireMosquittoClients, startMosquittoSub } from './support/mosquitto';

// The same refusals seen from Debian's mosquitto_pub/mosquitto_sub, a client none of us wrote.
describe('broker with mosquitto-clients', () => {
  let f: Fixture;
  let dir: string;
  beforeAll(() => {
    requireMosquittoClients();
    dir = mkdtempSync(join(tmpdir(), 'broker-mosq-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    f = await createFixture();
  });
  afterEach(() => f.close());

  const hostArgs = () => ['-h', '127.0.0.1', '-p', String(f.broker.mqttPort), '-V', 'mqttv311'];
  const asGarage = () => [...hostArgs(), '-i', 'garage-2', '-u', 'garage-2', '-P', f.secrets.garage];

  it('carries a device reading to an observer, and a command to the device', async () => {
    const observer = startMosquittoSub([...hostArgs(), '-i', 'grafana-cli', '-u', 'grafana', '-P', f.secrets.observer, '-t', 'energy/#']);
    const device = startMosquittoSub([...hostArgs(), '-i', 'garage-2:cmd', '-u', 'garage-2', '-P', f.secrets.garage, '-t', 'energy/garage-2/cmd/#', '-q', '1']);
    try {
      await settle(300); // both subscribed
      expect(await mosquitto('mosquitto_pub', [...asGarage(), '-t', topics.reading('garage-2'), '-m', '{"Voltage":229,"Current":2}', '-q', '1'])).toMatchObject({ code: 0 });
      expect(await observer.waitFor((line) => line === 'energy/garage-2/reading {"Voltage":229,"Current":2}')).toBe(true);
      await mosquitto('mosquitto_pub', [...hostArgs(), '-i', 'alert-cli', '-u', 'alert', '-P', f.broker.servicePasswords.alert, '-t', topics.relayCommand('garage-2'), '-m', 'off', '-q', '1']);
      expect(await device.waitFor((line) => line === 'energy/garage-2/cmd/relay off')).toBe(true);
    } finally {
      await Promise.all([observer.stop(), device.stop()]);
    }
  });

  it('refuses a wrong secret and a revoked device', async () => {
    const wrong = await mosquitto('mosquitto_pub', [...hostArgs(), '-i', 'garage-2', '-u', 'garage-2', '-P', 'wrong', '-t', topics.reading('garage-2'), '-m', 'x']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/bad user name or password|not authori[sz]ed/i);
    await new DevicesRepository(f.broker.db).revoke('garage-2');
    const revoked = await mosquitto('mosquitto_pub', [...asGarage(), '-t', topics.reading('garage-2'), '-m', 'x']);
    expect(revoked.code).not.toBe(0);
    expect(await f.refusals('wrong-secret')).toBe(1);
    expect(await f.refusals('revoked')).toBe(1);
    await f.assertStillServing();
  });

  it("drops a device's publish to another device's topic and an observer's publish", async () => {
    await mosquitto('mosquitto_pub', [...asGarage(), '-t', topics.reading('kitchen-1'), '-m', 'forged-by-garage']);
    await mosquitto('mosquitto_pub', [...hostArgs(), '-i', 'grafana-cli', '-u', 'grafana', '-P', f.secrets.observer, '-t', topics.relayCommand('kitchen-1'), '-m', 'forged-by-observer']);
    await settle();
    expect(f.seen.filter((m) => m.payload.startsWith('forged'))).toEqual([]);
    expect(await f.refusals('publish-not-allowed')).toBe(2);
    await f.assertStillServing();
  });

  it('refuses oversize payloads: over the payload limit, and far over the packet limit', async () => {
    const justOver = join(dir, 'just-over.bin');
    const huge = join(dir, 'huge.bin');
    writeFileSync(justOver, Buffer.alloc(16 * 1024 + 1, 0x61));
    writeFileSync(huge, Buffer.alloc(1024 * 1024, 0x61));
    await mosquitto('mosquitto_pub', [...asGarage(), '-t', topics.reading('garage-2'), '-f', justOver]);
    await mosquitto('mosquitto_pub', [...asGarage(), '-t', topics.reading('garage-2'), '-f', huge]);
    await settle();
    expect(f.seen.some((m) => m.topic === topics.reading('garage-2'))).toBe(false);
    expect(await f.refusals('payload-too-large')).toBe(1);
    expect(await f.refusals('packet-too-large')).toBe(1);
    await f.assertStillServing();
  });

  it('refuses a session takeover with "identifier rejected"', async () => {
    const takeover = await mosquitto('mosquitto_sub', [...hostArgs(), '-i', 'kitchen-1', '-u', 'garage-2', '-P', f.secrets.garage, '-t', 'energy/garage-2/ack', '-C', '1', '-W', '2']);
    expect(takeover.code).not.toBe(0);
    expect(takeover.stderr).toMatch(/identifier rejected/i);
    expect(f.kitchen.connected).toBe(true);
    await f.assertStillServing();
  });

  it('answers a forbidden subscription with a failure code', async () => {
    const result = await mosquitto('mosquitto_sub', [...asGarage(), '-t', 'energy/#', '-C', '1', '-W', '2']);
    expect(result.stderr).toMatch(/subscription.*denied|denied/i);
    expect(await f.refusals('subscribe-not-allowed')).toBe(1);
    await f.assertStillServing();
  });
});
