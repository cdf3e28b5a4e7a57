import { join } from 'node:path';
import type { AlertRuleInput } from '@energy/contracts';
import { ObserversRepository, type Database } from '@energy/db';
import { createMysqlTestDatabase, createSqliteTestDatabase, type TestDatabase } from '@energy/db/testing';
import { Stack, TcpProxy, type LogSink } from '@energy/stack';
import { BusMonitor } from './bus-monitor';
import { GatewayClient } from './gateway-client';

export type DatabaseKind = 'mysql' | 'sqlite';

export interface TwinSystemOptions {
  database: DatabaseKind;
  timeZone: string;
  deviceIds: string[];
  /** The only alert rule (null: none), set through the gateway's API before any device publishes. */
  alertRule: AlertRuleInput | null;
  workDir: string;
  logSink: LogSink;
  logLevel?: string;
  /** Virtual ms per wall ms: the services' own time windows that devices wait on are scaled by it. */
  speed: number;
}

const DAY_MS = 86_400_000;

/**
 * Everything downstream of the devices, started the one way the project runs it (tools/stack):
 * broker, ingest, alert service and gateway as processes on a fresh database, MariaDB behind a TCP
 * proxy the scenarios can cut. Devices are provisioned with real credentials, and an observer
 * account watches the bus.
 */
export class TwinSystem {
  private constructor(
    readonly database: TestDatabase,
    readonly databaseKind: DatabaseKind,
    readonly proxy: TcpProxy | null,
    readonly stack: Stack,
    readonly secrets: Record<string, string>,
    readonly monitor: BusMonitor,
    readonly gateway: GatewayClient,
  ) {}

  get db(): Database {
    return this.database.db;
  }

  get mqttPort(): number {
    return Number(new URL(this.stack.urls.mqtt).port);
  }

  static async start(o: TwinSystemOptions): Promise<TwinSystem> {
    const database = o.database === 'mysql' ? await createMysqlTestDatabase('twin') : await createSqliteTestDatabase();
    let proxy: TcpProxy | null = null;
    let stack: Stack | null = null;
    try {
      let databaseUrl: string | undefined;
      if (o.database === 'mysql') {
        const url = new URL(database.url);
        proxy = await TcpProxy.start(url.hostname, Number(url.port || 3306));
        url.host = `127.0.0.1:${proxy.port}`;
        databaseUrl = url.toString();
      }
      const observerSecret = await new ObserversRepository(database.db).upsert('twin-monitor');
      stack = await Stack.start({
        database: { databaseUrl, sqlitePath: o.database === 'sqlite' ? database.url : '' },
        siteTimeZone: o.timeZone,
        logLevel: o.logLevel ?? 'info',
        env: {
          // The ingest holds an ack up to ACK_WINDOW_MS (1 s) so it sends fewer; the ESP32 re-sends after
          // 10 s of its own time without one. Scaled to the twin's pace, the ratio stays the real one.
          ingest: { ACK_WINDOW_MS: String(Math.max(1, Math.round(1_000 / o.speed))) },
          // The twin's readings are days old in real time (the virtual clock runs in the recent past):
          // the alert service must judge them as live, which they are in virtual time.
          alert: { STALE_READING_MS: String(8 * DAY_MS), NOTIFY_MIN_INTERVAL_MS: '0' },
        },
        logSink: o.logSink,
      });
      const secrets = await stack.provision(o.deviceIds, join(o.workDir, 'devices.json'));
      // The rule goes through the public API, as the dashboard sets it, before any device publishes.
      const gateway = await GatewayClient.login(stack.urls.gateway, stack.adminPassword);
      await gateway.replaceRules(o.alertRule);
      const monitor = await BusMonitor.connect(stack.urls.mqtt, 'twin-monitor', observerSecret, o.deviceIds);
      return new TwinSystem(database, o.database, proxy, stack, secrets, monitor, gateway);
    } catch (err) {
      await stack?.stop().catch(() => undefined);
      await proxy?.close().catch(() => undefined);
      await database.drop().catch(() => undefined);
      throw err;
    }
  }

  /** SIGKILL, then start again (retrying as a supervisor would while the rest recovers). */
  async killAndRestart(service: 'ingest' | 'alert' | 'gateway' | 'broker', downMs: number): Promise<void> {
    const proc = this.stack.process(service);
    await proc.stop('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.restart(service);
  }

  async stopService(service: 'ingest' | 'alert' | 'gateway' | 'broker'): Promise<void> {
    await this.stack.process(service).stop('SIGTERM');
  }

  async restart(service: 'ingest' | 'alert' | 'gateway' | 'broker'): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.stack.process(service).start();
        return;
      } catch (err) {
        if (attempt === 5) throw err;
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
  }

  /** The database as the services see it goes away (MariaDB only: SQLite is a file in-process). */
  cutDatabase(): void {
    if (!this.proxy) throw new Error('a database cut needs MariaDB (--db mysql): SQLite has no connection to cut');
    this.proxy.cut();
  }

  restoreDatabase(): void {
    this.proxy?.restore();
  }

  async stop(keepDatabase = false): Promise<void> {
    await this.monitor.close().catch(() => undefined);
    await this.stack.stop().catch(() => undefined);
    await this.proxy?.close().catch(() => undefined);
    if (keepDatabase) await this.database.db.close().catch(() => undefined);
    else await this.database.drop().catch(() => undefined);
  }
}
