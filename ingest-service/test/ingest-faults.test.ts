import { startTestBroker, type TestBroker } from '@energy/broker/testing';
import { createMysqlTestDatabase, type TestDatabase } from '@energy/db/testing';
import { Simulator } from '@energy/device-simulator';
import { freePort, ServiceProcess, TcpProxy } from '@energy/stack';
import { countRows, waitFor } from './ingest-harness';

/**
 * Faults with the ingest as a real process: SIGKILL mid-stream, and the database cut through a proxy.
 * Afterwards the row count must equal the number of readings the devices published, exactly.
 */
describe('ingest under faults', () => {
  let t: TestDatabase;
  let broker: TestBroker;
  let proxy: TcpProxy;
  let ingest: ServiceProcess;
  let simulator: Simulator;

  beforeEach(async () => {
    t = await createMysqlTestDatabase();
    broker = await startTestBroker({ db: t.db });
    proxy = await TcpProxy.start('127.0.0.1', 3306);
    const dbUrl = new URL(t.url);
    dbUrl.host = `127.0.0.1:${proxy.port}`;
    const httpPort = await freePort();
    ingest = new ServiceProcess(
      {
        name: 'ingest',
        entry: 'ingest-service/src/main.ts',
        env: {
          MQTT_URL: broker.url,
          MQTT_PASSWORD: broker.servicePasswords.ingest,
          MQTT_CLIENT_ID: `ingest-faults-${httpPort}`,
          DATABASE_URL: dbUrl.toString(),
          HTTP_PORT: String(httpPort),
          LOG_LEVEL: 'warn',
        },
        healthUrl: `http://127.0.0.1:${httpPort}/health`,
      },
      () => undefined,
    );
    await ingest.start();
    const ids = ['fault-1', 'fault-2', 'fault-3', 'fault-4'];
    const devices = await Promise.all(ids.map(async (id) => ({ id, secret: await broker.provisionDevice(id) })));
    simulator = new Simulator({ url: broker.url, devices, intervalMs: 25, ackTimeoutMs: 1_500, resendPerTick: 50 });
    await simulator.start();
  });

  afterEach(async () => {
    await simulator?.stop(false);
    await ingest?.stop('SIGKILL');
    await proxy?.close();
    await broker?.close();
    await t?.drop();
  });

  async function expectExactlyOnce(): Promise<void> {
    simulator.devices.forEach((d) => d.pausePublishing());
    await waitFor('every device to hold no unacked reading', () => simulator.totals().pending === 0, 60_000);
    const published = simulator.devices.reduce((sum, d) => sum + d.publishedSeqs.size, 0);
    expect(await countRows(t)).toBe(published);
    expect(await t.db.query('SELECT device_id, seq FROM readings GROUP BY device_id, seq HAVING COUNT(*) > 1')).toEqual([]);
    const [rollup] = await t.db.query<{ n: number }>('SELECT SUM(n) AS n FROM rollup_minute');
    expect(Number(rollup!.n)).toBe(published);
    expect(simulator.totals().dropped).toBe(0);
  }

  it('loses and duplicates nothing when the ingest is SIGKILLed mid-stream', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await ingest.stop('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await ingest.start();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await expectExactlyOnce();
    expect(simulator.totals().resent).toBeGreaterThan(0);
  });

  it('loses and duplicates nothing when the database is cut mid-stream', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const pendingDuringOutage = simulator.totals().pending;
    proxy.restore();
    expect(pendingDuringOutage).toBeGreaterThan(50);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await expectExactlyOnce();
  });
});
