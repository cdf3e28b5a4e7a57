import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startTestBroker, type TestBroker } from '@energy/broker/testing';
import { createSqliteTestDatabase, type TestDatabase } from '@energy/db/testing';
import { encodeTelemetryBatch, telemetryBatchTopicFor } from '@energy/contracts';
import { freePort, REPO_ROOT, ServiceProcess } from '@energy/stack';
import { API_KEY, FakeCallMeBot, telemetry, waitFor } from './alert-harness';

/** `node tools/run-ts.cjs alert-service/src/main.ts` as its own process, as the stack runs it. */
describe('alert-service main entry point', () => {
  it('refuses a wrong configuration with exit code 78, naming each variable', () => {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'tools/run-ts.cjs'), 'alert-service/src/main.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, MQTT_URL: 'http://nope', CALLMEBOT_PHONE: '0151 123', HTTP_PORT: '70000' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78);
    for (const name of ['MQTT_URL', 'CALLMEBOT_PHONE', 'HTTP_PORT']) expect(result.stderr).toContain(name);
  });

  describe('running', () => {
    let broker: TestBroker;
    let t: TestDatabase;
    let callMeBot: FakeCallMeBot;
    let service: ServiceProcess;

    beforeAll(async () => {
      t = await createSqliteTestDatabase();
      broker = await startTestBroker();
      callMeBot = await FakeCallMeBot.start();
    });

    afterAll(async () => {
      await service?.stop('SIGKILL');
      await callMeBot?.close();
      await broker?.close();
      await t?.drop();
    });

    it('evaluates, answers /health, keeps the API key out of its output, and stops cleanly on SIGTERM', async () => {
      const port = await freePort();
      service = new ServiceProcess(
        {
          name: 'alert',
          entry: 'alert-service/src/main.ts',
          env: {
            MQTT_URL: broker.url,
            MQTT_PASSWORD: broker.servicePasswords.alert,
            SQLITE_PATH: t.url,
            HTTP_PORT: String(port),
            LOG_LEVEL: 'debug',
            CALLMEBOT_BASE_URL: callMeBot.url,
            CALLMEBOT_API_KEY: API_KEY,
            CALLMEBOT_PHONE: '+4915112345678',
            NOTIFY_BACKOFF_MS: '50',
            NOTIFY_MAX_ATTEMPTS: '2',
          },
          healthUrl: `http://127.0.0.1:${port}/health`,
        },
        () => undefined,
      );
      await service.start();
      callMeBot.script.push('http-500');

      const ingest = await mqtt.connectAsync(broker.url, { clientId: `ingest-main-test-${process.pid}`, username: 'ingest', password: broker.servicePasswords.ingest });
      const start = Date.now() - 11_000;
      for (let i = 0; i <= 11; i++) await ingest.publishAsync(telemetryBatchTopicFor('kettle-1'), encodeTelemetryBatch([telemetry('kettle-1', 2100, start + i * 1_000)]), { qos: 1 });
      await ingest.endAsync();
      await waitFor('a retry after the 500', () => callMeBot.requests.length === 2, 10_000);
      expect(callMeBot.requests.map((r) => r.answered)).toEqual(['http-500', 'ok']);
      await waitFor('the failed attempt in the log', () => service.logs().some((l) => l.includes('HTTP 500 from http://127.0.0.1:')));

      await service.stop('SIGTERM');
      expect(service.exits.at(-1)).toMatchObject({ code: 0, signal: null });
      const output = service.logs().join('\n');
      expect(output).toContain('"msg":"alert raised"');
      expect(output).toContain('"msg":"stopped"');
      expect(output).not.toContain(API_KEY);
    });
  });
});
