import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startTestBroker, type TestBroker } from '@energy/broker/testing';
import { createMysqlTestDatabase, type TestDatabase } from '@energy/db/testing';
import { startGateway, type GatewayApp } from '../src/app';
import { loadGatewayConfig } from '../src/config/env';

/**
 * Issue 16 (low): on a first start without ADMIN_PASSWORD the gateway generates one. It used to be
 * written to the log (which redaction did not cover); now it goes to a file only its user may read.
 */
describe('first start without ADMIN_PASSWORD', () => {
  let db: TestDatabase;
  let broker: TestBroker;
  let gateway: GatewayApp | undefined;
  let dir: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    db = await createMysqlTestDatabase();
    broker = await startTestBroker({ db: db.db });
    dir = mkdtempSync(join(tmpdir(), 'gateway-first-start-'));
  });
  afterAll(async () => {
    await gateway?.close();
    await broker.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the generated admin password to a 0600 file in a 0700 directory, never to the log', async () => {
    const file = join(dir, 'secrets', 'admin-password');
    const config = loadGatewayConfig({
      HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', MQTT_URL: broker.url, MQTT_PASSWORD: broker.servicePasswords.gateway, DATABASE_URL: db.url,
      LOG_LEVEL: 'debug', DASHBOARD_DIST: '/nonexistent', ADMIN_PASSWORD_FILE: file,
    });
    const stream = new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString()), done()) });
    gateway = await startGateway(config, { database: db.db, logger: pino({ level: 'debug' }, stream) });
    const password = readFileSync(file, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(logLines.join('')).not.toContain(password);
    expect(logLines.join('')).toContain(file);
    const login = await fetch(`${gateway.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    expect(login.status).toBe(200);
  });
});
