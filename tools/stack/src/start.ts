import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { envField, loadConfigOrExit, parseEnv } from '@energy/service-kit';
import { ensureDashboardBuilt } from './dashboard-build';
import { freePort } from './free-port';
import { prettyLogLine } from './pretty-log';
import { REPO_ROOT } from './service-process';
import { Stack } from './stack';

/**
 * `npm start`: broker, ingest, alert service, gateway (serving the dashboard), analytics service and a
 * few simulated meters, on an embedded SQLite store in .data/ unless DATABASE_URL names a MySQL.
 */
async function main(): Promise<void> {
  const env = loadConfigOrExit('npm start', () =>
    parseEnv({
      DATABASE_URL: envField.url(['mysql']).optional(),
      SQLITE_PATH: z.string().default(join(REPO_ROOT, '.data', 'energy.sqlite')),
      MQTT_PORT: envField.port(1883),
      GATEWAY_PORT: envField.port(8080),
      SIMULATED_DEVICES: z.coerce.number().int().min(0).max(10_000).default(3),
      SITE_TIMEZONE: envField.timeZone(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'),
      LOG_LEVEL: envField.logLevel(),
      CALLMEBOT_API_KEY: z.string().optional(),
      CALLMEBOT_PHONE: z.string().optional(),
    }),
  );
  const dataDir = join(REPO_ROOT, '.data');
  // It holds the database with the session secret, the admin password and the simulated devices'
  // secrets: this user only, also when an older version created it with the default umask (issue 16).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const adminPassword = persistentSecret(join(dataDir, 'admin-password'));

  // The API, the bus and the data work without the dashboard: a failed build is reported, not fatal.
  await ensureDashboardBuilt((line) => console.log(prettyLogLine('dashboard', line))).catch((err: Error) =>
    console.error(prettyLogLine('dashboard', `${err.message}; starting without the dashboard (the API still works)`)),
  );

  const mqttPort = await portOrFree(env.MQTT_PORT, 'MQTT_PORT');
  const gatewayPort = await portOrFree(env.GATEWAY_PORT, 'GATEWAY_PORT');
  // Installed before the services start: they run in their own process groups, so this process stops
  // them (in reverse start order once running; while starting, exiting kills the ones already up).
  const running: { stack?: Stack } = {};
  let stopping = false;
  const stop = async () => {
    if (stopping || !running.stack) process.exit(1);
    stopping = true;
    console.log('stopping…');
    await running.stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const stack = await Stack.start({
    ownProcessGroups: true,
    database: { databaseUrl: env.DATABASE_URL, sqlitePath: env.SQLITE_PATH },
    siteTimeZone: env.SITE_TIMEZONE,
    logLevel: env.LOG_LEVEL,
    adminPassword,
    ports: { mqtt: mqttPort, gateway: gatewayPort },
    services: ['broker', 'ingest', 'alert', 'gateway', 'analytics'],
    simulator: env.SIMULATED_DEVICES > 0 ? { devices: env.SIMULATED_DEVICES, credentialsFile: join(dataDir, 'simulator-devices.json'), spikesPerHour: 6 } : undefined,
    env: {
      alert: { CALLMEBOT_API_KEY: env.CALLMEBOT_API_KEY, CALLMEBOT_PHONE: env.CALLMEBOT_PHONE },
      // Home Assistant discovery (issue 17): add an integration account (`npm run provision -- integration add homeassistant`) and point HA's MQTT at the broker.
      gateway: { HA_DISCOVERY: 'true' },
    },
    logSink: (service, line) => console.log(prettyLogLine(service, line)),
  });
  running.stack = stack;

  console.log(
    [
      '',
      'Smart Energy Monitor is running',
      `  dashboard   ${stack.urls.gateway}/   (user admin, password in .data/admin-password: ${adminPassword})`,
      `  API docs    ${stack.urls.gateway}/api/docs`,
      `  MQTT        ${stack.urls.mqtt}   (WebSocket ${stack.urls.ws})`,
      `  analytics   ${stack.urls.analyticsHttp}/health   (forecasts after about 3 weeks of history)`,
      `  storage     ${env.DATABASE_URL ? 'MySQL (DATABASE_URL)' : env.SQLITE_PATH}`,
      `  simulator   ${env.SIMULATED_DEVICES} meters`,
      '  Home Assistant discovery on, prefix homeassistant (docs/integrations.md)',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );

}

function persistentSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(12).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** The wanted port, or a free one with a warning when something else holds it (e.g. a Mosquitto). */
async function portOrFree(port: number, name: string): Promise<number> {
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  if (free) return port;
  const other = await freePort();
  console.warn(`port ${port} is in use; using ${other} instead (set ${name} to choose)`);
  return other;
}

main().catch((err) => {
  console.error(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
