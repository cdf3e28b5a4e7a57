import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createSqliteTestDatabase, type TestDatabase } from '@energy/db/testing';
import mqtt from 'mqtt';
import { ProvisionError, runProvision, UsageError } from '../src/cli/provision';
import { startTestBroker } from '../src/testing/test-broker';

const root = join(__dirname, '..', '..');

describe('provision CLI', () => {
  let testDb: TestDatabase;
  let lines: string[];
  const run = (...argv: string[]) => runProvision(argv, testDb.db, { out: (line) => lines.push(line) });
  beforeEach(async () => {
    testDb = await createSqliteTestDatabase();
    lines = [];
  });
  afterEach(() => testDb.drop());

  it('adds, lists, rotates and revokes a device; the printed secret logs in until revoked', async () => {
    await run('device', 'add', 'porch-1', '--name', 'Porch', '--json');
    const { secret } = JSON.parse(lines.pop()!) as { secret: string };
    await run('device', 'list');
    expect(lines.pop()).toBe('porch-1\tPorch\tactive');
    expect(lines.join('\n')).not.toContain(secret);

    const broker = await startTestBroker({ db: testDb.db });
    try {
      const client = await mqtt.connectAsync(broker.url, { clientId: 'porch-1', username: 'porch-1', password: secret, reconnectPeriod: 0 });
      await client.endAsync();
      await run('device', 'rotate', 'porch-1', '--json');
      const rotated = (JSON.parse(lines.pop()!) as { secret: string }).secret;
      expect(rotated).not.toBe(secret);
      await run('device', 'revoke', 'porch-1');
      await expect(mqtt.connectAsync(broker.url, { clientId: 'porch-1', username: 'porch-1', password: rotated, reconnectPeriod: 0 })).rejects.toThrow(/Bad username or password/i);
    } finally {
      await broker.close();
    }
  });

  it('keeps one namespace for devices, observers and services', async () => {
    await expect(run('device', 'add', 'ingest')).rejects.toThrow(ProvisionError);
    await run('observer', 'add', 'grafana');
    expect(lines.pop()).toMatch(/^observer grafana added.*\nsecret: \S{32}\n\(shown once/s);
    await expect(run('device', 'add', 'grafana')).rejects.toThrow('device id grafana is taken by an observer');
    await run('device', 'add', 'porch-1');
    await expect(run('observer', 'add', 'porch-1')).rejects.toThrow('observer username porch-1 is taken by a device');
    await run('observer', 'revoke', 'grafana');
    await expect(run('observer', 'revoke', 'grafana')).rejects.toThrow('does not exist or is already revoked');
    await expect(run('device', 'frobnicate')).rejects.toThrow(UsageError);
  });

  it('adds an integration account that reads the discovery topics and asks for relay changes of its devices only, then revokes it (issue 17)', async () => {
    await run('device', 'add', 'porch-1');
    await expect(run('integration', 'add', 'porch-1')).rejects.toThrow('integration username porch-1 is taken by a device');
    await run('integration', 'add', 'homeassistant', '--devices', 'porch-1', '--json');
    const { secret, devices } = JSON.parse(lines.pop()!) as { secret: string; devices: string[] };
    expect(devices).toEqual(['porch-1']);
    await run('integration', 'list');
    expect(lines.pop()).toBe('homeassistant\tporch-1\tactive');
    expect(lines.join('\n')).not.toContain(secret);

    const broker = await startTestBroker({ db: testDb.db, limits: { revocationCheckMs: 200 } });
    try {
      // Home Assistant connects with its will on homeassistant/status.
      const options = { username: 'homeassistant', password: secret, reconnectPeriod: 0, will: { topic: 'homeassistant/status', payload: Buffer.from('offline'), qos: 0 as const, retain: false } };
      const ha = await mqtt.connectAsync(broker.url, { ...options, clientId: 'ha-1' });
      const granted = await ha.subscribeAsync(['homeassistant/#', 'energy/#']);
      expect(granted.map((g) => g.qos)).toEqual([0, 0]);
      await expect(ha.subscribeAsync('svc/#')).rejects.toThrow(/Subscribe error/);
      await ha.publishAsync('svc/relay/homeassistant/porch-1/set', 'on', { qos: 1 });
      const closed = new Promise<void>((resolve) => ha.once('close', () => resolve()));
      ha.publish('svc/relay/homeassistant/garage-2/set', 'on', { qos: 1 });
      await closed;
      ha.end(true);

      // Revoked: refused from the broker's next look for revocations on (REVOCATION_CHECK_MS, 200 ms here).
      await run('integration', 'revoke', 'homeassistant');
      const deadline = Date.now() + 10_000;
      let refused: Error | null = null;
      while (!refused && Date.now() < deadline) {
        refused = await mqtt.connectAsync(broker.url, { ...options, clientId: 'ha-2' }).then(
          async (client) => {
            await client.endAsync(true);
            await new Promise((resolve) => setTimeout(resolve, 100));
            return null;
          },
          (err: Error) => err,
        );
      }
      expect(refused?.message).toMatch(/Bad username or password/i);
    } finally {
      await broker.close();
    }
  });

  it('exits 0 on success, 1 on a refused command and 2 on a usage error', () => {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(root, 'tools/run-ts.cjs'), join(root, 'broker/src/cli/provision.ts'), ...args], { env: { ...process.env, SQLITE_PATH: testDb.url, DATABASE_URL: '' }, encoding: 'utf8' });
    const added = cli('device', 'add', 'shed-1');
    expect(added.status).toBe(0);
    expect(added.stdout).toMatch(/^device shed-1 added \(name: shed-1\)\nsecret: [A-Za-z0-9_-]{32}\n/);
    const again = cli('device', 'add', 'shed-1');
    expect([again.status, again.stderr]).toEqual([1, 'provision: device shed-1 already exists\n']);
    expect(cli('device').status).toBe(2);
  });
});
