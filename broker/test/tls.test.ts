import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics } from '@energy/contracts';
import { DevicesRepository } from '@energy/db';
import { createSqliteTestDatabase, type TestDatabase } from '@energy/db/testing';
import { createLogger } from '@energy/service-kit';
import mqtt from 'mqtt';
import { Registry } from 'prom-client';
import WebSocket from 'ws';
import { createEnergyBroker, type EnergyBroker } from '../src/broker';
import { loadBrokerConfig } from '../src/config/env';
import { encodeRemainingLength } from './support/raw-mqtt';

/** Issue 16, item 7: a TLS-only mode (no plaintext listener at all) and MQTT over secure WebSocket. */
describe('MQTT over TLS only, and over secure WebSocket', () => {
  let dir: string;
  let certFile: string;
  let keyFile: string;
  let testDb: TestDatabase;
  let broker: EnergyBroker | undefined;

  const freePort = () =>
    new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
  const refused = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(false)));
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
    });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'broker-tls-only-'));
    certFile = join(dir, 'cert.pem');
    keyFile = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  });
  beforeEach(async () => {
    testDb = await createSqliteTestDatabase();
  });
  afterEach(async () => {
    await broker?.close();
    broker = undefined;
    await testDb.drop();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('with MQTT_TLS_ONLY opens no plaintext listener, and serves MQTT over TLS and over secure WebSocket', async () => {
    const [mqttPort, wsPort] = [await freePort(), await freePort()];
    const config = loadBrokerConfig({
      MQTT_HOST: '127.0.0.1', MQTT_PORT: String(mqttPort), MQTT_WS_PORT: String(wsPort), MQTT_TLS_PORT: '0', MQTT_WSS_PORT: '0', HTTP_PORT: '0',
      MQTT_TLS_CERT_FILE: certFile, MQTT_TLS_KEY_FILE: keyFile, MQTT_TLS_ONLY: 'true',
    });
    broker = await createEnergyBroker(config, { logger: createLogger('broker', 'silent'), db: testDb.db, registry: new Registry() });
    expect(await refused(mqttPort)).toBe(true);
    expect(await refused(wsPort)).toBe(true);
    expect(broker.mqttPort).toBeNull();
    expect(broker.wsPort).toBeNull();

    const secret = (await new DevicesRepository(testDb.db).add('tls-1')).secret;
    const secure = await mqtt.connectAsync(`mqtts://127.0.0.1:${broker.tlsPort}`, { clientId: 'tls-1', username: 'tls-1', password: secret, rejectUnauthorized: false, reconnectPeriod: 0 });
    const device = await mqtt.connectAsync(`wss://127.0.0.1:${broker.wssPort}`, { clientId: 'tls-1:ws', username: 'tls-1', password: secret, rejectUnauthorized: false, reconnectPeriod: 0 });
    await device.publishAsync(topics.reading('tls-1'), '{"Voltage":230,"Current":1}', { qos: 1 });
    await Promise.all([secure.endAsync(), device.endAsync()]);
  });

  it('guards packet sizes on secure WebSocket as on the other listeners', async () => {
    const config = loadBrokerConfig({ MQTT_HOST: '127.0.0.1', MQTT_PORT: '0', MQTT_WS_PORT: '0', MQTT_TLS_PORT: '0', MQTT_WSS_PORT: '0', HTTP_PORT: '0', MQTT_TLS_CERT_FILE: certFile, MQTT_TLS_KEY_FILE: keyFile });
    broker = await createEnergyBroker(config, { logger: createLogger('broker', 'silent'), db: testDb.db, registry: new Registry() });
    expect(broker.mqttPort).not.toBeNull(); // without MQTT_TLS_ONLY, plaintext stays for in-cluster services
    const ws = new WebSocket(`wss://127.0.0.1:${broker.wssPort}`, 'mqtt', { rejectUnauthorized: false });
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.send(Buffer.concat([Buffer.from([0x10]), encodeRemainingLength(200 * 1024 * 1024)]));
    await closed;
    expect(await broker.registry.getSingleMetricAsString('mqtt_refusals_total')).toContain('reason="packet-too-large"} 1');
  });

  it('refuses MQTT_TLS_ONLY without a certificate, naming the variables', () => {
    expect(() => loadBrokerConfig({ MQTT_TLS_ONLY: 'true' })).toThrow(/MQTT_TLS_ONLY: needs MQTT_TLS_CERT_FILE and MQTT_TLS_KEY_FILE/);
  });
});
