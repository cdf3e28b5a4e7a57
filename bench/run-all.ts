import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '@energy/stack';
import { BENCHMARKS_DOC, writeBenchmarkSection } from './lib/benchmarks-doc';
import { coreCount, loadAverages } from './lib/machine';

/**
 * `npm run bench`: every benchmark, one after another; each compares against its reference in the
 * same run (alternating) and writes its own section of docs/benchmarks.md.
 */
const benches: Array<{ name: string; script: string; args: string[] }> = [
  { name: 'broker (vs Mosquitto, QoS 0 and 1)', script: 'bench/broker/run.ts', args: [] },
  { name: 'ingest (vs Mosquitto + batched INSERT)', script: 'bench/ingest/run.ts', args: [] },
  { name: 'history queries (vs raw downsampling)', script: 'bench/history/run.ts', args: [] },
  { name: 'live push (vs a plain MQTT subscriber)', script: 'bench/live/run.ts', args: [] },
  { name: 'ingest replicas (1, 2, 3)', script: 'bench/scale/run.ts', args: [] },
  { name: 'analytics (stream CPU, forecasting 1,000 devices)', script: 'bench/analytics/run.ts', args: [] },
];
const only = process.argv.slice(2);
const started = Date.now();
let failed = 0;
for (const [i, bench] of benches.entries()) {
  if (only.length > 0 && !only.some((o) => bench.script.includes(o))) continue;
  console.log(`\n[${i + 1}/${benches.length}] ${bench.name} — ${((Date.now() - started) / 60_000).toFixed(1)} min elapsed`);
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'tools', 'run-ts.cjs'), bench.script, ...bench.args], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.error(`${bench.name} failed (exit ${run.status ?? run.signal})`);
  }
}
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
console.log(`\nbenchmarks done in ${minutes} min; figures in ${BENCHMARKS_DOC}`);
if (only.length === 0 && failed === 0) {
  writeBenchmarkSection(
    'run-all',
    `The last full run (\`npm run bench\`, ${new Date(started).toISOString().slice(0, 10)}, ${coreCount()} cores, load average ${loadAverages()} at its end) took ${minutes} minutes.`,
  );
}
process.exit(failed ? 1 : 0);
