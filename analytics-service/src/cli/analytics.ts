import { parseArgs } from 'node:util';
import { runAppliances } from './appliances-command';
import { runEvaluate } from './evaluate-command';
import { runFindings } from './findings-command';

const USAGE = `usage:
  npm run analytics -- evaluate --csv FILE.csv[.gz] [--inject SEED] [--json] [--tz ZONE]
  npm run analytics -- findings --csv FILE.csv[.gz] [--tz ZONE] [--json]
  npm run analytics -- appliances --simulate SEED [--hours 12]

FILE is in the dataset format: ts_utc_ms,power_w,voltage_v,current_a (empty fields for a missing minute).
--tz is the site's time zone (IANA name), used for "Saturday afternoon" and the night-time base load; default UTC.`;

/**
 * `npm run analytics`: replays a file through the same code the service runs, with no database.
 * Exit codes: 0 done, 2 wrong usage, 1 the file could not be read.
 */
function main(): number {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      csv: { type: 'string' },
      inject: { type: 'string' },
      json: { type: 'boolean', default: false },
      tz: { type: 'string', default: 'UTC' },
      simulate: { type: 'string' },
      hours: { type: 'string', default: '12' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command] = positionals;
  if (command === 'appliances' && values.simulate !== undefined) {
    const seed = Number(values.simulate);
    const hours = Number(values.hours);
    if (!Number.isInteger(seed) || !(hours > 0)) return usage(2, '--simulate takes an integer seed and --hours a positive number');
    return runAppliances({ seed, hours });
  }
  if (values.help || !command || !values.csv) return usage(values.help ? 0 : 2);
  const injectSeed = values.inject === undefined ? undefined : Number(values.inject);
  if (injectSeed !== undefined && !Number.isInteger(injectSeed)) return usage(2, `--inject takes an integer seed, got "${values.inject}"`);
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: values.tz });
  } catch {
    return usage(2, `--tz must be an IANA time zone such as Europe/Paris, got "${values.tz}"`);
  }
  if (command === 'evaluate') return runEvaluate({ csvPath: values.csv, injectSeed, json: values.json, timeZone: values.tz });
  if (command === 'findings') return runFindings({ csvPath: values.csv, timeZone: values.tz, json: values.json });
  return usage(2, `unknown command "${command}"`);
}

function usage(code: number, problem?: string): number {
  if (problem) process.stderr.write(`analytics: ${problem}\n`);
  (code === 0 ? process.stdout : process.stderr).write(`${USAGE}\n`);
  return code;
}

try {
  process.exitCode = main();
} catch (err) {
  process.stderr.write(`analytics: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
