import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Registry } from 'prom-client';

export type HealthCheck = () => Promise<void> | void;

export interface OpsServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** One Prometheus registry per process, with Node's default metrics. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * `/health` and `/metrics` for services that have no HTTP API of their own.
 * /health runs every check; any failure answers 503 with the failing check named.
 */
export async function startOpsServer(opts: {
  port: number;
  host?: string;
  registry: Registry;
  checks: Record<string, HealthCheck>;
  /** More read-only documents for operators only, by exact path (e.g. the gateway's OpenAPI JSON). */
  documents?: Record<string, () => { contentType: string; body: string }>;
}): Promise<OpsServer> {
  const server = createServer(async (req, res) => {
    const document = opts.documents?.[req.url ?? ''];
    if (document) {
      const { contentType, body } = document();
      res.writeHead(200, { 'content-type': contentType });
      res.end(body);
      return;
    }
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': opts.registry.contentType });
      res.end(await opts.registry.metrics());
      return;
    }
    if (req.url === '/health' || req.url === '/healthz') {
      const result = await runHealthChecks(opts.checks);
      res.writeHead(result.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found', paths: ['/health', '/metrics', ...Object.keys(opts.documents ?? {})] }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function runHealthChecks(checks: Record<string, HealthCheck>): Promise<{ status: 'ok' | 'error'; checks: Record<string, string> }> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2_000).unref())]);
        return [name, 'ok'] as const;
      } catch (err) {
        return [name, (err as Error).message] as const;
      }
    }),
  );
  return { status: entries.every(([, v]) => v === 'ok') ? 'ok' : 'error', checks: Object.fromEntries(entries) };
}
