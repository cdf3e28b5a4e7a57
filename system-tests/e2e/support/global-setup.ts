import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from '@energy/db';
import { createMysqlTestDatabase } from '@energy/db/testing';
import { seedRollups, syntheticMinutes } from '@energy/analytics-service/testing';
import { FakeCallMeBot } from '@energy/alert-service/testing';
import { Stack, dashboardBuildIsStale, ensureDashboardBuilt } from '@energy/stack';
import { ARTIFACTS_DIR } from './paths';
import { seedHistory } from './seed-history';
import { publishStackInfo } from './stack-info';

export const E2E_DEVICES = ['e2e-kitchen', 'e2e-garage', 'e2e-heater'];
/** Five weeks of minute rollups (written before the analytics service starts), so the Insights page has a forecast and a finding. */
export const INSIGHTS_DEVICE = 'e2e-insights';
const INSIGHTS_DAYS = 35;

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
  await seedInsightsHistory(database.db);
  await database.db.close();
  // CallMeBot as a local server: WhatsApp recipients stored from the Settings page must never reach the real one.
  const callMeBot = await FakeCallMeBot.start();
  const stack = await Stack.start({
    services: ['broker', 'ingest', 'alert', 'gateway', 'analytics'],
    database: { databaseUrl: database.url, sqlitePath: '' },
    adminPassword: `e2e-${Date.now().toString(36)}`,
    logLevel: 'info',
    // Fast evaluation so alerts and clears show within a second or two.
    env: { alert: { EVALUATION_TICK_MS: '250', RULES_REFRESH_MS: '2000', CALLMEBOT_BASE_URL: callMeBot.url } },
    logSink: (service, line) => log.write(`[${service}] ${line}\n`),
  });
  const devices = await stack.provision(E2E_DEVICES, join(ARTIFACTS_DIR, 'e2e-devices.json'));
  await stack.provision([INSIGHTS_DEVICE], join(ARTIFACTS_DIR, 'e2e-insights-device.json'));
  const seeded = await seedHistory(database.url, E2E_DEVICES, 26, 'e2e-kitchen');
  publishStackInfo({ gatewayUrl: stack.urls.gateway, mqttUrl: stack.urls.mqtt, adminPassword: stack.adminPassword, devices, ingestPassword: stack.servicePasswords.ingest });
  Object.assign(globalThis, { __energyE2e: { stack, database, log, callMeBot } });
  process.stdout.write(`e2e: stack ready at ${stack.urls.gateway} in ${((Date.now() - started) / 1000).toFixed(1)} s (${seeded} past readings stored)\n`);
}

/**
 * The analytics service's synthetic house (a regular day, 1.5 kW of activity mornings and evenings),
 * ending at the last whole hour, with the sensor stuck for two hours yesterday afternoon: a finding
 * with its sentence. Rollups only, as the ingest would have written them.
 */
async function seedInsightsHistory(db: Parameters<typeof migrate>[0]): Promise<void> {
  await migrate(db);
  const minutes = syntheticMinutes(INSIGHTS_DAYS);
  const endMs = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const stuckFrom = INSIGHTS_DAYS * 1440 - 24 * 60 + 13 * 60;
  for (const values of [minutes.powerW, minutes.voltageV, minutes.currentA]) values.fill(values[stuckFrom]!, stuckFrom, stuckFrom + 120);
  await seedRollups(db, INSIGHTS_DEVICE, { ...minutes, startMs: endMs - INSIGHTS_DAYS * 86_400_000 });
}
