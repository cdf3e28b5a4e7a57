import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { migrate, openDatabase, type Database } from '@energy/db';
import { createLogger, nestLoggerFrom, runHealthChecks, startOpsServer, type Logger, type OpsServer } from '@energy/service-kit';
import type { NextFunction, HttpRequest as Request, HttpResponse as Response } from './http/express-types';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { BusService } from './bus/bus.service';
import type { GatewayConfig } from './config/env';
import { serveDashboard } from './dashboard/serve-dashboard';
import { GatewayMetrics } from './health/gateway-metrics';
import { HttpErrorFilter } from './http/http-exception.filter';
import { securityHeaders } from './http/security-headers';


export interface GatewayApp {
  app: NestExpressApplication;
  /** `http://host:port` of the listening server. */
  url: string;
  port: number;
  /** The port of /metrics, /health and the OpenAPI JSON when OPS_PORT is set; otherwise undefined. */
  opsPort: number | undefined;
  logger: Logger;
  close(): Promise<void>;
}

/** What the public port no longer serves when the operations endpoints have a port of their own. */
const OPS_ONLY_PATHS = ['/metrics', '/api/docs', '/api/docs-json'];

export interface GatewayOptions {
  logger?: Logger;
  /** A database to use and leave open (tests, the stack runner's shared handle); by default the gateway opens, migrates and closes its own. */
  database?: Database;
}

/** Nest's start-up inventory (modules loaded, every route mapped) is debug detail, not news. */
function quietNestLogger(logger: Logger) {
  const nest = nestLoggerFrom(logger);
  const debug = nestLoggerFrom(logger).debug;
  const inventory = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);
  return { ...nest, log: (message: unknown, ...rest: unknown[]) => (inventory.has(rest.at(-1) as string) ? debug : nest.log)(message, ...rest) };
}

async function openMigrated(config: GatewayConfig): Promise<Database> {
  const db = openDatabase(config.database);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

/** Builds, wires and starts the gateway. main.ts and the integration tests both start it this way. */
export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<GatewayApp> {
  const logger = options.logger ?? createLogger('api-gateway', config.logLevel);
  const metrics = new GatewayMetrics();
  const db = options.database ?? (await openMigrated(config));
  const closeOwnDatabase = async () => {
    if (!options.database) await db.close();
  };
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, logger, metrics, database: db }), {
    // The seed's POST endpoint validates the exact bytes it received, as the MQTT path does.
    rawBody: true,
    logger: quietNestLogger(logger),
    abortOnError: false,
  }).catch(async (err: unknown) => {
    await closeOwnDatabase();
    throw err;
  });
  app.disable('x-powered-by');
  if (config.http.trustProxy) app.set('trust proxy', 1);
  app.use(securityHeaders);
  app.useGlobalFilters(new HttpErrorFilter(logger));
  const opsOnOwnPort = config.http.opsPort !== undefined;
  const healthChecks = () => ({ database: () => db.ping(), bus: () => app.get(BusService).check() });
  if (opsOnOwnPort) {
    // Issue 16: through the Ingress, nobody reads metrics, check details or the API description.
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (OPS_ONLY_PATHS.some((p) => req.path === p || req.path.startsWith(`${p}/`))) return void res.status(404).json({ statusCode: 404, error: 'Not Found', message: `${req.path} is on the operations port` });
      if (req.method === 'GET' && req.path === '/health') {
        return void runHealthChecks(healthChecks()).then((result) => res.status(result.status === 'ok' ? 200 : 503).json({ status: result.status }), next);
      }
      next();
    });
  }
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  });
  serveDashboard(app, config.dashboardDist, logger);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Smart energy monitor API')
      .setDescription('History, live push, energy and cost, devices, alerts and rules. See docs/api.md for the design.')
      .setVersion('1')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
      .build(),
  );
  if (!opsOnOwnPort) SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  await app.init();
  app.get(BusService).start();
  await app.listen(config.http.port, config.http.host);
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
  let ops: OpsServer | undefined;
  if (opsOnOwnPort) {
    const openApi = JSON.stringify(document);
    ops = await startOpsServer({
      port: config.http.opsPort!,
      host: config.http.host,
      registry: metrics.registry,
      checks: healthChecks(),
      documents: { '/api/docs-json': () => ({ contentType: 'application/json', body: openApi }) },
    }).catch(async (err: unknown) => {
      await app.close();
      await closeOwnDatabase();
      throw err;
    });
  }
  logger.info({ port, opsPort: ops?.port, host: config.http.host }, 'api gateway listening');
  return {
    app,
    url: `http://${host}:${port}`,
    port,
    opsPort: ops?.port,
    logger,
    close: async () => {
      await ops?.close();
      // Nest's close runs the shutdown hooks (live streams end, the bus closes); the database goes last.
      await app.close();
      await closeOwnDatabase();
    },
  };
}
