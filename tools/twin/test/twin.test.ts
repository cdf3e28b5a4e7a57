import { buildHex, buildHostMeter } from '@energy/uno-sim';
import { buildEsp32Host } from '../src/meter/firmware-build';
import { formatNotes, formatReasons, formatTable } from '../src/report/results-table';
import type { ScenarioResult } from '../src/report/scenario-result';
import { runScenario } from '../src/runner/run-scenario';
import { createTwinLogger } from '../src/runner/twin-logger';
import { minutes, seconds, type Scenario } from '../src/scenario';
import { findScenario } from '../src/scenarios';
import { mixedWithKettle } from '../src/loads';

/**
 * The twin, bounded for npm test: two devices each, a few virtual minutes, MariaDB. The real UNO HEX
 * in avr8js on a resistive and a PF 0.5 lagging load; a 1-minute power cut and an ESP32-only reset on
 * the host meter, each with a kettle that must raise exactly one alert per device. The full matrix
 * is `npm run twin -- --all` (docs/twin.md).
 */
const bounded: Array<{ scenario: Scenario; durationMs: number }> = [
  { scenario: findScenario('steady-mixed'), durationMs: seconds(60) },
  {
    scenario: { ...findScenario('power-cut-1min'), loads: mixedWithKettle(seconds(20)), events: [{ kind: 'power-cut', atMs: seconds(170), durationMs: minutes(1) }] },
    durationMs: minutes(5),
  },
  {
    scenario: { ...findScenario('esp32-reset'), loads: mixedWithKettle(seconds(20)), events: [{ kind: 'esp32-reset', atMs: seconds(170), downMs: seconds(3) }] },
    durationMs: minutes(4),
  },
];

describe('digital twin (bounded)', () => {
  const results: ScenarioResult[] = [];
  const log: string[] = [];
  const logger = createTwinLogger((line) => log.push(line));

  // On a fresh clone the firmware is built here (npm test's firmware steps come after this one).
  beforeAll(async () => {
    await buildEsp32Host();
    buildHex();
    buildHostMeter();
  }, 600_000);

  afterAll(() => {
    if (results.length > 0) process.stdout.write(`\n${formatTable(results)}\n`);
  });

  it.each(bounded.map((b) => [b.scenario.name, b] as const))(
    '%s: every reading stored once, kWh exact per hour and local day, alerts once',
    async (_name, { scenario, durationMs }) => {
      const result = await runScenario({ scenario, devices: 2, durationMs, database: 'mysql', logger });
      results.push(result);
      if (!result.pass) throw new Error(`${formatTable([result])}\n${formatReasons([result])}\n${formatNotes([result])}\n${log.slice(-40).join('\n')}`);
      expect(result.readings).toBeGreaterThan(0);
      expect(result).toMatchObject({ lost: 0, duplicated: 0, ackedNotStored: 0 });
      expect(result.maxHourErrorPct).toBeLessThanOrEqual(0.01);
      expect(result.maxDayErrorPct).toBeLessThanOrEqual(0.01);
      expect(result.physicalErrorPct).toBeLessThanOrEqual(1);
      expect(result.alertsFired).toBe(result.alertsExpected);
      if (scenario.meter === 'host') expect(result.alertsExpected).toBe(2);
    },
    170_000,
  );
});
