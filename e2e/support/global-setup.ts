import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createMysqlTestDatabase } from '@energy/db/testing';
import { Stack, dashboardBuildIsStale, ensureDashboardBuilt } from '@energy/stack';
import { ARTIFACTS_DIR } from './paths';
import { seedHistory } from './seed-history';
import { publishStackInfo } from './stack-info';

export const E2E_DEVICES = ['e2e-kitchen', 'e2e-garage', 'e2e-heater'];

/**
 * Once per run: build the dashboard if its sources changed, then start broker, ingest, alert
 * service and gateway (serving that build) on free ports with a fresh MariaDB database.
 */
export default async function globalSetup(): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const log = createWriteStream(join(ARTIFACTS_DIR, 'e2e-stack.log'));
  const started = Date.now();
  if (dashboardBuildIsStale()) process.stdout.write('\ne2e: building the dashboard…\n');
  await ensureDashboardBuilt((line) => log.write(`[dashboard] ${line}\n`));

  const database = await createMysqlTestDatabase();
  await database.db.close();
  const stack = await Stack.start({
    database: { databaseUrl: database.url, sqlitePath: '' },
    adminPassword: `e2e-${Date.now().toString(36)}`,
    logLevel: 'info',
    // Fast evaluation so alerts and clears show within a second or two.
    env: { alert: { EVALUATION_TICK_MS: '250', RULES_REFRESH_MS: '2000' } },
    logSink: (service, line) => log.write(`[${service}] ${line}\n`),
  });
  const devices = await stack.provision(E2E_DEVICES, join(ARTIFACTS_DIR, 'e2e-devices.json'));
  const seeded = await seedHistory(database.url, E2E_DEVICES, 26, 'e2e-kitchen');
  publishStackInfo({ gatewayUrl: stack.urls.gateway, mqttUrl: stack.urls.mqtt, adminPassword: stack.adminPassword, devices });
  Object.assign(globalThis, { __energyE2e: { stack, database, log } });
  process.stdout.write(`e2e: stack ready at ${stack.urls.gateway} in ${((Date.now() - started) / 1000).toFixed(1)} s (${seeded} past readings stored)\n`);
}
