import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase, migrate, type DatabaseSettings } from '@energy/db';
import { ensureProvisioned } from '@energy/device-simulator';
import { freePort } from './free-port';
import { REPO_ROOT, ServiceProcess, type LogSink, type ServiceSpec } from './service-process';

export type ServiceName = 'broker' | 'ingest' | 'alert' | 'gateway' | 'analytics' | 'simulator';

/**
 * The broker and the ingest handle every reading: a larger young generation (V8's default is 16 MB)
 * means fewer scavenges during a burst, about 10 % more readings/s in bench/ingest. The Dockerfile
 * sets the same through NODE_OPTIONS in their images.
 */
const MESSAGE_PATH_NODE_ARGS: Partial<Record<ServiceName, string[]>> = {
  broker: ['--max-semi-space-size=32'],
  ingest: ['--max-semi-space-size=32'],
};

export interface StackOptions {
  database: DatabaseSettings;
  /**
   * Which services to run, in start order (default: broker, ingest, alert, gateway). The analytics
   * service is opt-in (npm start and the browser tests run it), so the benchmarks measure what they did.
   */
  services?: Exclude<ServiceName, 'simulator'>[];
  /** Runs the simulator as a process too (npm start); tests usually drive their own. */
  simulator?: { devices: number; prefix?: string; intervalMs?: number; credentialsFile: string; spikesPerHour?: number };
  siteTimeZone?: string;
  logLevel?: string;
  adminPassword?: string;
  /** Fixed ports (npm start); any omitted port is a free one. */
  ports?: Partial<Record<'mqtt' | 'ws' | 'gateway' | 'brokerHttp' | 'ingestHttp' | 'alertHttp' | 'analyticsHttp', number>>;
  /** Extra node flags per service (profiling). */
  nodeArgs?: Partial<Record<ServiceName, string[]>>;
  /** Extra environment per service, e.g. CALLMEBOT_BASE_URL for the alert service. */
  env?: Partial<Record<ServiceName, Record<string, string | undefined>>>;
  logSink?: LogSink;
  /**
   * Each service in its own process group: Ctrl+C then reaches only the caller, which must stop the
   * stack on SIGINT/SIGTERM itself (npm start does, in reverse start order, so the broker stops last
   * instead of with everything at once). Without it, a terminal's Ctrl+C stops every service at once.
   */
  ownProcessGroups?: boolean;
}

export interface StackUrls {
  mqtt: string;
  ws: string;
  gateway: string;
  brokerHttp: string;
  ingestHttp: string;
  alertHttp: string;
  analyticsHttp: string;
}

/**
 * The one way to run the whole system: every service its own process, wired with the same settings a
 * user would give them. npm start, the end-to-end and browser tests, the benchmarks and the chaos
 * soak all use it.
 */
export class Stack {
  readonly processes = new Map<ServiceName, ServiceProcess>();

  private constructor(
    readonly options: StackOptions,
    readonly urls: StackUrls,
    readonly servicePasswords: Record<'ingest' | 'alert' | 'gateway' | 'analytics', string>,
    readonly adminPassword: string,
  ) {}

  static async start(options: StackOptions): Promise<Stack> {
    const ports = {
      mqtt: options.ports?.mqtt ?? (await freePort()),
      ws: options.ports?.ws ?? (await freePort()),
      gateway: options.ports?.gateway ?? (await freePort()),
      brokerHttp: options.ports?.brokerHttp ?? (await freePort()),
      ingestHttp: options.ports?.ingestHttp ?? (await freePort()),
      alertHttp: options.ports?.alertHttp ?? (await freePort()),
      analyticsHttp: options.ports?.analyticsHttp ?? (await freePort()),
    };
    const urls: StackUrls = {
      mqtt: `mqtt://127.0.0.1:${ports.mqtt}`,
      ws: `ws://127.0.0.1:${ports.ws}`,
      gateway: `http://127.0.0.1:${ports.gateway}`,
      brokerHttp: `http://127.0.0.1:${ports.brokerHttp}`,
      ingestHttp: `http://127.0.0.1:${ports.ingestHttp}`,
      alertHttp: `http://127.0.0.1:${ports.alertHttp}`,
      analyticsHttp: `http://127.0.0.1:${ports.analyticsHttp}`,
    };
    const secret = () => randomBytes(18).toString('base64url');
    const passwords = { ingest: secret(), alert: secret(), gateway: secret(), analytics: secret() };
    const stack = new Stack(options, urls, passwords, options.adminPassword ?? secret());

    // Migrate once up front, so the services do not race to create the schema.
    const db = openDatabase(options.database);
    await migrate(db);
    await db.close();

    const sink = options.logSink ?? (() => undefined);
    for (const spec of stack.specs(ports)) {
      const wanted = spec.name === 'simulator' ? Boolean(options.simulator) : (options.services ?? ['broker', 'ingest', 'alert', 'gateway']).includes(spec.name as never);
      if (!wanted) continue;
      const nodeArgs = [...(MESSAGE_PATH_NODE_ARGS[spec.name as ServiceName] ?? []), ...(options.nodeArgs?.[spec.name as ServiceName] ?? [])];
      const proc = new ServiceProcess({ ...spec, nodeArgs, ownProcessGroup: options.ownProcessGroups }, sink);
      stack.processes.set(spec.name as ServiceName, proc);
      try {
        await proc.start();
      } catch (err) {
        await stack.stop();
        throw err;
      }
    }
    return stack;
  }

  process(name: ServiceName): ServiceProcess {
    const proc = this.processes.get(name);
    if (!proc) throw new Error(`${name} is not part of this stack`);
    return proc;
  }

  /** Provisions devices in the stack's database and returns their secrets. */
  async provision(ids: string[], credentialsFile = join(REPO_ROOT, '.data', `test-devices-${process.pid}.json`)): Promise<Record<string, string>> {
    const db = openDatabase(this.options.database);
    try {
      return await ensureProvisioned(db, ids, credentialsFile);
    } finally {
      await db.close();
    }
  }

  /** Stops every process gracefully, in reverse start order. */
  async stop(): Promise<void> {
    for (const proc of [...this.processes.values()].reverse()) await proc.stop('SIGTERM').catch(() => undefined);
  }

  /** Processes that exited without being asked to (crashes). */
  unexpectedExits(): Array<{ service: string; code: number | null; signal: string | null }> {
    return [...this.processes.values()].flatMap((p) => p.exits.filter((e) => !e.expected).map((e) => ({ service: p.spec.name, code: e.code, signal: e.signal })));
  }

  private specs(ports: Record<keyof StackUrls, number>): ServiceSpec[] {
    const o = this.options;
    const common = {
      DATABASE_URL: o.database.databaseUrl,
      SQLITE_PATH: o.database.sqlitePath,
      SITE_TIMEZONE: o.siteTimeZone ?? 'UTC',
      LOG_LEVEL: o.logLevel ?? 'info',
    };
    const service = (user: 'ingest' | 'alert' | 'gateway' | 'analytics') => ({ MQTT_URL: this.urls.mqtt, MQTT_USERNAME: user, MQTT_PASSWORD: this.servicePasswords[user] });
    return [
      {
        name: 'broker',
        entry: 'broker/src/main.ts',
        env: {
          ...common,
          MQTT_HOST: '127.0.0.1',
          MQTT_PORT: String(ports.mqtt),
          MQTT_WS_PORT: String(ports.ws),
          HTTP_PORT: String(ports.brokerHttp),
          MQTT_SERVICE_PASSWORD_INGEST: this.servicePasswords.ingest,
          MQTT_SERVICE_PASSWORD_ALERT: this.servicePasswords.alert,
          MQTT_SERVICE_PASSWORD_GATEWAY: this.servicePasswords.gateway,
          MQTT_SERVICE_PASSWORD_ANALYTICS: this.servicePasswords.analytics,
          ...o.env?.broker,
        },
        healthUrl: `${this.urls.brokerHttp}/health`,
      },
      {
        name: 'ingest',
        entry: 'ingest-service/src/main.ts',
        env: { ...common, ...service('ingest'), MQTT_CLIENT_ID: `ingest-stack-${ports.ingestHttp}`, HTTP_PORT: String(ports.ingestHttp), ...o.env?.ingest },
        healthUrl: `${this.urls.ingestHttp}/health`,
      },
      {
        name: 'alert',
        entry: 'alert-service/src/main.ts',
        env: { ...common, ...service('alert'), HTTP_PORT: String(ports.alertHttp), ...o.env?.alert },
        healthUrl: `${this.urls.alertHttp}/health`,
      },
      {
        name: 'gateway',
        entry: 'api-gateway/src/main.ts',
        env: {
          ...common,
          ...service('gateway'),
          HTTP_HOST: '127.0.0.1',
          HTTP_PORT: String(ports.gateway),
          ADMIN_PASSWORD: this.adminPassword,
          MQTT_PUBLIC_HOST: '127.0.0.1',
          MQTT_PUBLIC_PORT: String(ports.mqtt),
          ...o.env?.gateway,
        },
        healthUrl: `${this.urls.gateway}/health`,
      },
      {
        name: 'analytics',
        entry: 'analytics-service/src/main.ts',
        env: { ...common, ...service('analytics'), HTTP_HOST: '127.0.0.1', HTTP_PORT: String(ports.analyticsHttp), ...o.env?.analytics },
        healthUrl: `${this.urls.analyticsHttp}/health`,
      },
      {
        name: 'simulator',
        entry: 'tools/device-simulator/src/main.ts',
        args: o.simulator
          ? [
              '--url', this.urls.mqtt,
              '--devices', String(o.simulator.devices),
              '--prefix', o.simulator.prefix ?? 'sim',
              '--interval', String(o.simulator.intervalMs ?? 1000),
              '--spikes-per-hour', String(o.simulator.spikesPerHour ?? 2),
              '--credentials', o.simulator.credentialsFile,
              '--provision',
            ]
          : [],
        env: { DATABASE_URL: o.database.databaseUrl, SQLITE_PATH: o.database.sqlitePath, ...o.env?.simulator },
      },
    ];
  }
}
