import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics } from '@energy/contracts';
import { createLogger } from '@energy/service-kit';
import { createSqliteTestDatabase } from '@energy/db/testing';
import mqtt from 'mqtt';
import { Registry } from 'prom-client';
import { createEnergyBroker } from '../src/broker';
import { loadBrokerConfig } from '../src/config/env';
import { createFixture, type Fixture } from './support/fixture';
import { encodeRemainingLength, RawMqtt } from './support/raw-mqtt';

describe('connection limits', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('closes a socket that sends no complete CONNECT in time', async () => {
    f = await createFixture({ limits: { connectTimeoutMs: 300 } });
    const silent = await RawMqtt.open(f.broker.mqttPort);
    const slow = await RawMqtt.open(f.broker.mqttPort);
    slow.send(Buffer.concat([Buffer.from([0x10]), encodeRemainingLength(40), Buffer.from([0x00, 0x04])])); // a CONNECT that never finishes
    expect(await silent.whenClosed(2_000)).toBe(true);
    expect(await slow.whenClosed(2_000)).toBe(true);
    expect(await f.refusals('connect-timeout')).toBe(2);
    await f.assertStillServing();
  });

  it('caps open connections, counting sockets that have not authenticated', async () => {
    f = await createFixture({ limits: { maxConnections: 3 } }); // ingest and kitchen-1 hold two
    const third = await RawMqtt.open(f.broker.mqttPort);
    const fourth = await RawMqtt.open(f.broker.mqttPort);
    expect(await fourth.whenClosed()).toBe(true);
    expect(third.closed).toBe(false);
    expect(await f.refusals('max-connections')).toBe(1);
    third.destroy();
    await f.assertStillServing();
  });

  it('limits new connections per address per minute', async () => {
    f = await createFixture({ limits: { connectsPerIpPerMinute: 3 } });
    const third = await RawMqtt.open(f.broker.mqttPort);
    const fourth = await RawMqtt.open(f.broker.mqttPort);
    expect(await fourth.whenClosed()).toBe(true);
    expect(await f.refusals('ip-rate-limited')).toBe(1);
    third.destroy();
    await f.assertStillServing();
  });

  it('refuses a keep-alive above the limit, or none at all, as Mosquitto does', async () => {
    f = await createFixture({ limits: { keepaliveLimitS: 120 } });
    await expect(f.connect({ clientId: 'garage-2', username: 'garage-2', password: f.secrets.garage, keepalive: 0 })).rejects.toThrow(/Identifier rejected/i);
    await expect(f.connect({ clientId: 'garage-2', username: 'garage-2', password: f.secrets.garage, keepalive: 121 })).rejects.toThrow(/Identifier rejected/i);
    expect(await f.refusals('keepalive-out-of-range')).toBe(2);
    await expect(f.connect({ clientId: 'garage-2', username: 'garage-2', password: f.secrets.garage, keepalive: 120 })).resolves.toBeDefined();
    await f.assertStillServing();
  });

  it('serves MQTT over TLS when a certificate is configured, with the same guard', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'broker-tls-'));
    const certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
    const testDb = await createSqliteTestDatabase();
    const config = loadBrokerConfig({ MQTT_HOST: '127.0.0.1', MQTT_PORT: '0', MQTT_WS_PORT: '0', MQTT_TLS_PORT: '0', HTTP_PORT: '0', MQTT_TLS_CERT_FILE: certFile, MQTT_TLS_KEY_FILE: keyFile });
    const broker = await createEnergyBroker(config, { logger: createLogger('broker', 'silent'), db: testDb.db, registry: new Registry() });
    try {
      const secret = (await new (await import('@energy/db')).DevicesRepository(testDb.db).add('tls-1')).secret;
      const client = await mqtt.connectAsync(`mqtts://127.0.0.1:${broker.tlsPort}`, { clientId: 'tls-1', username: 'tls-1', password: secret, rejectUnauthorized: false, reconnectPeriod: 0 });
      await client.publishAsync(topics.reading('tls-1'), '{"Voltage":230,"Current":1}', { qos: 1 });
      await client.endAsync();
      const { connect } = await import('node:tls');
      const socket = connect({ host: '127.0.0.1', port: broker.tlsPort!, rejectUnauthorized: false });
      await new Promise((resolve) => socket.once('secureConnect', resolve));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.on('error', () => undefined);
      socket.write(Buffer.concat([Buffer.from([0x10]), encodeRemainingLength(200 * 1024 * 1024)]));
      await closed;
      expect(await broker.registry.getSingleMetricAsString('mqtt_refusals_total')).toContain('reason="packet-too-large"} 1');
    } finally {
      await broker.close();
      await testDb.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
