import { startTestBroker, type TestBroker } from '@energy/broker/testing';
import { createMysqlTestDatabase, type TestDatabase } from '@energy/db/testing';
import { createLogger } from '@energy/service-kit';
import { startGateway, type GatewayApp } from '../src/app';
import { loadGatewayConfig } from '../src/config/env';

export const ADMIN_PASSWORD = 'correct horse battery staple';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  apiKey?: string;
  body?: unknown;
  /** Sent as is (a string body is not JSON-encoded again). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface GatewayHarness {
  db: TestDatabase;
  broker: TestBroker;
  gateway: GatewayApp;
  url: string;
  adminToken: string;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

/** Real MariaDB (a fresh database), the real broker on free ports, and the gateway on port 0. */
export async function startGatewayHarness(env: Record<string, string> = {}, shared?: { db: TestDatabase; broker: TestBroker }): Promise<GatewayHarness> {
  const db = shared?.db ?? (await createMysqlTestDatabase());
  const broker = shared?.broker ?? (await startTestBroker({ db: db.db }));
  const config = loadGatewayConfig({
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    MQTT_URL: broker.url,
    MQTT_PASSWORD: broker.servicePasswords.gateway,
    DATABASE_URL: db.url,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    DASHBOARD_DIST: '/nonexistent',
    MQTT_PUBLIC_HOST: 'mqtt.example.test',
    MQTT_PUBLIC_PORT: '8883',
    ...env,
  });
  const gateway = await startGateway(config, { database: db.db, logger: createLogger('api-gateway', process.env.GATEWAY_TEST_LOG ?? 'silent') });
  const request = async <T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.apiKey) headers['x-api-key'] = options.apiKey;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${gateway.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (CSV, HTML)
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  };
  await waitFor(async () => (await request('GET', '/health')).status === 200, 10_000, 'gateway healthy (database and bus)');
  const login = await request<{ token: string }>('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${login.text}`);
  return {
    db,
    broker,
    gateway,
    url: gateway.url,
    adminToken: login.body.token,
    request,
    close: async () => {
      await gateway.close();
      if (!shared) {
        await broker.close();
        await db.drop();
      }
    },
  };
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Strings that break naive SQL; every parameter must refuse them or treat them as data. */
export const INJECTIONS = ["' OR '1'='1", "1; DROP TABLE readings; --", "kitchen-1' UNION SELECT * FROM users --", '1 OR 1=1', '%', '\\', '"); --', '0x31'];
