import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import { startTestBroker, type TestBroker } from '@energy/broker/testing';
import { createMysqlTestDatabase, type TestDatabase } from '@energy/db/testing';
import { encodeTelemetryBatch, telemetryBatchTopicFor, type AlertEvent, type Telemetry } from '@energy/contracts';
import type { Logger } from '@energy/service-kit';
import { startAlertService, type RunningAlertService } from '../src/app';
import { loadAlertConfig } from '../src/config/env';

export const API_KEY = `key-${Math.random().toString(36).slice(2, 12)}`;
export const PHONE = '+4915112345678';

export type CallMeBotBehaviour = 'ok' | 'http-500' | 'hang' | 'error-body' | 'quota';

export interface CallMeBotRequest {
  rawQuery: string;
  phone: string | null;
  text: string | null;
  apikey: string | null;
  at: number;
  answered: CallMeBotBehaviour;
}

/** CallMeBot as a local HTTP server: records every request and answers as told, in order. */
export class FakeCallMeBot {
  readonly requests: CallMeBotRequest[] = [];
  readonly script: CallMeBotBehaviour[] = [];
  private readonly hanging = new Set<import('node:http').ServerResponse>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeCallMeBot> {
    // eslint-disable-next-line prefer-const -- assigned after the server that refers to it exists
    let self!: FakeCallMeBot;
    const server = createServer((req, res) => self.handle(req, res));
    self = new FakeCallMeBot(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  texts(): string[] {
    return this.requests.filter((r) => r.answered === 'ok').map((r) => r.text ?? '');
  }

  private handle(req: IncomingMessage, res: import('node:http').ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const answered = this.script.shift() ?? 'ok';
    this.requests.push({
      rawQuery: url.search.slice(1),
      phone: url.searchParams.get('phone'),
      text: url.searchParams.get('text'),
      apikey: url.searchParams.get('apikey'),
      at: Date.now(),
      answered,
    });
    if (url.pathname !== '/whatsapp.php') return void res.writeHead(404).end('not found');
    switch (answered) {
      case 'http-500':
        return void res.writeHead(500, { 'content-type': 'text/html' }).end('<html><body>Internal Server Error</body></html>');
      case 'hang':
        this.hanging.add(res);
        return;
      case 'error-body':
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><p>203 API key incorrect</p></body></html>');
      case 'quota':
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>You have exceeded the number of messages allowed</body></html>');
      default:
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><p>Message queued. You will receive it in a few seconds.</p></body></html>');
    }
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Every log line the service writes, kept for assertions (and the API-key grep). */
export class LogCapture {
  readonly lines: string[] = [];
  readonly logger: Logger;
  constructor() {
    const lines = this.lines;
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    this.logger = pino({ level: 'debug', base: { service: 'alert-service' } }, stream);
  }
  text(): string {
    return this.lines.join('\n');
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe();
    if (value) return value as T;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function telemetry(deviceId: string, powerW: number, ts: number, extra: Partial<Telemetry> = {}): Telemetry {
  const voltage = extra.voltage_v ?? 230;
  return {
    device_id: deviceId,
    seq: null,
    ts,
    ts_source: 'device',
    voltage_v: voltage,
    current_a: Number((powerW / voltage).toFixed(3)),
    power_w: powerW,
    power_kind: 'real',
    apparent_power_va: powerW,
    power_factor: 1,
    energy_wh: null,
    ...extra,
  };
}

/**
 * The real broker and MariaDB, CallMeBot as a local server, and the alert service in this process.
 * The test plays the ingest (publishing Telemetry) and the gateway (RPC over the bus).
 */
export class AlertHarness {
  service: RunningAlertService | null = null;
  readonly log = new LogCapture();
  private readonly clients: MqttClient[] = [];
  ingest!: MqttClient;
  observer!: MqttClient;
  gateway!: MqttClient;
  private readonly pendingRpc = new Map<string, (reply: { response?: unknown; err?: unknown }) => void>();
  /** Every alert event seen on the bus, in order. */
  readonly events: AlertEvent[] = [];
  readonly relayCommands: Array<{ deviceId: string; body: Record<string, unknown> }> = [];

  private constructor(
    readonly t: TestDatabase,
    readonly broker: TestBroker,
    readonly callMeBot: FakeCallMeBot,
  ) {}

  static async start(): Promise<AlertHarness> {
    const t = await createMysqlTestDatabase();
    const broker = await startTestBroker({ db: t.db });
    const h = new AlertHarness(t, broker, await FakeCallMeBot.start());
    h.ingest = await h.connect('ingest');
    h.observer = await h.connect('gateway');
    h.observer.on('message', (topic, payload) => {
      if (topic.endsWith('/alert') && payload.length > 0) h.events.push(JSON.parse(payload.toString()) as AlertEvent);
      if (topic.endsWith('/cmd/relay')) h.relayCommands.push({ deviceId: topic.split('/')[1]!, body: JSON.parse(payload.toString()) });
    });
    await h.observer.subscribeAsync(['energy/+/alert', 'energy/+/cmd/relay'], { qos: 1 });
    // Nest's request/response wire format over MQTT, on one standing reply subscription: the gateway's
    // ClientMqtt subscribes and unsubscribes `{pattern}/reply` around every request, which races.
    h.gateway = await h.connect('gateway');
    h.gateway.on('message', (_topic, payload) => {
      const reply = JSON.parse(payload.toString()) as { id: string; response?: unknown; err?: unknown; isDisposed?: boolean };
      if (reply.isDisposed && reply.response === undefined && reply.err === undefined) return;
      h.pendingRpc.get(reply.id)?.(reply);
    });
    await h.gateway.subscribeAsync('svc/alert/+/+/reply', { qos: 1 });
    return h;
  }

  async connect(user: 'ingest' | 'gateway' | 'alert' | 'analytics'): Promise<MqttClient> {
    const client = await mqtt.connectAsync(this.broker.url, { clientId: `${user}-test-${this.clients.length}-${process.pid}`, username: user, password: this.broker.servicePasswords[user], reconnectPeriod: 0 });
    this.clients.push(client);
    return client;
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      MQTT_URL: this.broker.url,
      MQTT_PASSWORD: this.broker.servicePasswords.alert,
      DATABASE_URL: this.t.url,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      SITE_TIMEZONE: 'Europe/Berlin',
      CALLMEBOT_BASE_URL: this.callMeBot.url,
      CALLMEBOT_API_KEY: API_KEY,
      CALLMEBOT_PHONE: PHONE,
      NOTIFY_TIMEOUT_MS: '3000',
      NOTIFY_BACKOFF_MS: '50',
      NOTIFY_MIN_INTERVAL_MS: '0',
      EVALUATION_TICK_MS: '100',
      SHED_CONFIRM_TIMEOUT_MS: '2000',
      ...extra,
    };
  }

  async startService(extra: Record<string, string> = {}): Promise<RunningAlertService> {
    this.service = await startAlertService(loadAlertConfig(this.env(extra)), { logger: this.log.logger });
    return this.service;
  }

  async stopService(): Promise<void> {
    await this.service?.close();
    this.service = null;
  }

  /** As the ingest sends it: in a batch on the internal stream, on the device's partition. */
  async publishTelemetry(reading: Telemetry): Promise<void> {
    await this.ingest.publishAsync(telemetryBatchTopicFor(reading.device_id), encodeTelemetryBatch([reading]), { qos: 1 });
  }

  private readonly lastTs = new Map<string, number>();

  /**
   * One reading per second of device time at the given powers. The series continues the device's
   * previous one (timestamps only go forward), or ends now for a new device. Returns the first ts.
   */
  async publishSeries(deviceId: string, powers: number[]): Promise<number> {
    const last = this.lastTs.get(deviceId);
    const start = last === undefined ? Date.now() - (powers.length - 1) * 1_000 : last + 1_000;
    for (const [i, p] of powers.entries()) await this.publishTelemetry(telemetry(deviceId, p, start + i * 1_000));
    this.lastTs.set(deviceId, start + (powers.length - 1) * 1_000);
    return start;
  }

  /** A request as Nest's ClientMqtt sends it: `{pattern, data, id}`; the reply comes on `{pattern}/reply`. */
  async rpc<T>(pattern: string, data: unknown): Promise<T> {
    const id = randomUUID();
    const reply = new Promise<{ response?: unknown; err?: unknown }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${pattern} within 5 s`)), 5_000);
      this.pendingRpc.set(id, (r) => {
        clearTimeout(timer);
        this.pendingRpc.delete(id);
        resolve(r);
      });
    });
    await this.gateway.publishAsync(pattern, JSON.stringify({ pattern, data, id }), { qos: 1 });
    const { response, err } = await reply;
    if (err !== undefined && err !== null) throw new Error(`${pattern} failed: ${JSON.stringify(err)}`);
    return response as T;
  }

  async query<T = Record<string, unknown>>(sql: string, params: Array<string | number> = []): Promise<T[]> {
    return this.t.db.query<T>(sql, params);
  }

  async close(): Promise<void> {
    // ALERT_TEST_LOG_FILE=/tmp/alert.log keeps the service's log lines for debugging a failure.
    if (process.env.ALERT_TEST_LOG_FILE) writeFileSync(process.env.ALERT_TEST_LOG_FILE, this.log.text());
    await this.stopService().catch(() => undefined);
    await Promise.all(this.clients.map((c) => c.endAsync(true)));
    await this.callMeBot.close();
    await this.broker.close();
    await this.t.drop();
  }
}
