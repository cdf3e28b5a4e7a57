/**
 * npm run chaos [-- --minutes N --devices N --db-cut-s S --burst N --seed N]
 * The chaos soak (system-tests/chaos/scenario.ts): the whole system under faults, then the checks.
 * Prints the memory series and a PASS/FAIL report; exits 1 on FAIL.
 */
import { formatReport, runChaos, CHAOS_DEVICE_SECRET_NOTE } from '../system-tests/chaos/scenario';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

const HELP = `npm run chaos -- [options]: the chaos soak (docs/reliability.md)
  --minutes N   run length (default 10)
  --devices N   simulated meters at 1 Hz (default 1000)
  --db-cut-s S  length of the database cut (default 20)
  --burst N     readings published at once in the burst (default 5000)
  --seed N      fault schedule seed (default: random, printed)`;

async function main(): Promise<void> {
  // Any other flag would start the full 10-minute soak: print the options instead.
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(HELP);
    return;
  }
  const seedIndex = process.argv.indexOf('--seed');
  const report = await runChaos({
    minutes: arg('minutes', 10),
    devices: arg('devices', 1_000),
    dbCutMs: arg('db-cut-s', 20) * 1_000,
    burstReadings: arg('burst', 5_000),
    seed: seedIndex === -1 ? undefined : Number(process.argv[seedIndex + 1]),
  });
  console.log(formatReport(report));
  console.log(`(${CHAOS_DEVICE_SECRET_NOTE})`);
  process.exit(report.pass ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
