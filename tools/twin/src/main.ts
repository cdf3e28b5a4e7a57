/**
 * npm run twin -- --scenario NAME [--devices N] [--minutes M] [--seed S]
 * npm run twin -- --all            the whole matrix; rewrites the table in docs/twin.md
 * Prints the results table and exits 1 if any scenario failed.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ProgressLine, RateLimitedLog } from '@energy/service-kit';
import { REPO_ROOT, prettyLogLine } from '@energy/stack';
import { formatAccuracy, formatNotes, formatReasons, formatTable, markdownTable } from './report/results-table';
import type { ScenarioResult } from './report/scenario-result';
import { machineFacts, writeTableSection } from './report/twin-doc';
import { runScenario } from './runner/run-scenario';
import { createTwinLogger } from './runner/twin-logger';
import { minutes, type MeterModel } from './scenario';
import { findScenario, loadScenarios } from './scenarios';
import type { DatabaseKind } from './system/twin-system';

const HELP = `npm run twin -- [options]: the digital twin (docs/twin.md)

  --scenario NAME   run one scenario (--list shows them)
  --all             run every scenario and rewrite the table in docs/twin.md
  --devices N       meters per scenario (default: the scenario's)
  --minutes M       virtual length (default: the scenario's; must hold its events)
  --seed S          sensor noise and load seed (default 1)
  --db sqlite|mysql storage (default sqlite; scenarios with a database cut use MariaDB,
                    TEST_MYSQL_URL or mysql://root@127.0.0.1:3306)
  --tz ZONE         site time zone (default Europe/Berlin)
  --speed X         virtual ms per wall ms (default: the scenario's, else 30)
  --meter avr8js|host  override the UNO stand-in
  --keep            keep the ESP32 flash directories, clock file and database
  --verbose         print every service and ESP32 line, not only warnings
  --list            list the scenarios`;

function fail(message: string): never {
  process.stderr.write(`twin: ${message}\n`);
  process.exit(2);
}

const positive = (flag: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(`${flag} must be a positive number, got ${JSON.stringify(value)}`);
  return n;
};

/** A service line's pino level and message (30 and the line itself for plain text). */
const parseLine = (line: string): { level: number; msg: string } => {
  try {
    if (!line.startsWith('{')) return { level: 30, msg: line };
    const json = JSON.parse(line) as { level?: number; msg?: string };
    return { level: Number(json.level ?? 30), msg: String(json.msg ?? line) };
  } catch {
    return { level: 30, msg: line };
  }
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      all: { type: 'boolean', default: false },
      devices: { type: 'string' },
      minutes: { type: 'string' },
      seed: { type: 'string' },
      db: { type: 'string' },
      tz: { type: 'string' },
      speed: { type: 'string' },
      meter: { type: 'string' },
      keep: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const scenarios = loadScenarios();
  if (values.help || (!values.all && !values.scenario && !values.list)) {
    console.log(HELP);
    return;
  }
  if (values.list) {
    for (const s of scenarios) console.log(`${s.name.padEnd(22)} ${s.meter.padEnd(6)} ${s.summary}`);
    return;
  }
  if (values.db && values.db !== 'sqlite' && values.db !== 'mysql') fail('--db must be sqlite or mysql');
  if (values.meter && values.meter !== 'avr8js' && values.meter !== 'host') fail('--meter must be avr8js or host');
  const devices = positive('--devices', values.devices);
  const durationMin = positive('--minutes', values.minutes);
  const chosen = values.all ? scenarios : [findScenario(values.scenario!, scenarios)];

  const progress = new ProgressLine();
  const print = (line: string) => {
    progress.update('');
    process.stderr.write(`${line}\n`);
  };
  const logger = createTwinLogger(print, 'info');
  // A service repeating itself (every reconnect attempt during a broker outage) is shown once per 10 s.
  const repeats = new RateLimitedLog(10_000);
  const results: ScenarioResult[] = [];
  for (const scenario of chosen) {
    try {
      results.push(
        await runScenario({
          scenario,
          devices: devices === undefined ? undefined : Math.round(devices),
          durationMs: durationMin === undefined || values.all ? undefined : minutes(durationMin),
          seed: positive('--seed', values.seed),
          database: values.db as DatabaseKind | undefined,
          timeZone: values.tz,
          speed: positive('--speed', values.speed),
          meter: values.meter as MeterModel | undefined,
          keep: values.keep,
          logger,
          serviceLog: (service, line) => {
            const { level, msg } = parseLine(line);
            if (!values.verbose && level < 40) return;
            const suppressed = values.verbose ? 0 : repeats.allow(`${service}|${msg}`);
            if (suppressed === null) return;
            print(`${prettyLogLine(service, line)}${suppressed > 0 ? ` (and ${suppressed} more like it)` : ''}`);
          },
          progress: (text) => progress.update(text),
        }),
      );
    } catch (err) {
      logger.error({ err: (err as Error).message }, `${scenario.name} could not run`);
      results.push({ scenario: scenario.name, meter: scenario.meter, devices: devices ?? scenario.devices, virtualMs: 0, wallMs: 0, readings: 0, lost: 0, duplicated: 0, ackedNotStored: 0, maxHourErrorPct: 0, maxDayErrorPct: 0, physicalErrorPct: 0, alertsFired: 0, alertsExpected: 0, pass: false, reasons: [`could not run: ${(err as Error).message.split('\n')[0]}`], notes: [(err as Error).message], accuracy: [] });
    }
  }
  progress.done('');
  console.log(`\n${formatTable(results)}\n`);
  const notes = formatNotes(results);
  if (notes) console.log(`${notes}\n`);
  const reasons = formatReasons(results);
  if (reasons) console.log(`Why:\n${reasons}\n`);
  const accuracy = formatAccuracy(results);
  if (accuracy) console.log(`${accuracy}\n`);
  if (values.all) {
    const doc = join(REPO_ROOT, 'docs', 'twin.md');
    writeTableSection(
      doc,
      [
        `\`npm run twin -- --all\` on ${new Date().toISOString().slice(0, 10)}: ${machineFacts()}; storage ${values.db ?? 'sqlite'} (db-cut-backlog: MariaDB), site time zone ${values.tz ?? 'Europe/Berlin'}.`,
        '',
        markdownTable(results),
        // The meter's accuracy is the avr8js scenarios' to prove; the host stand-in's is in the console output.
        ...(results.some((r) => r.meter === 'avr8js' && r.accuracy.length > 0) ? ['', '```', formatAccuracy(results.filter((r) => r.meter === 'avr8js')), '```'] : []),
        ...(reasons ? ['', 'Why the failed rows failed:', '', '```', reasons, '```'] : []),
      ].join('\n'),
    );
    console.log(`table written to ${doc}`);
  }
  process.exit(results.every((r) => r.pass) ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
