import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { encodeTelemetryBatch, telemetryBatchTopicFor, type Telemetry } from '@energy/contracts';
import { LoadModel } from '@energy/device-simulator';
import { REPO_ROOT } from '@energy/stack';
import { baselines, buildForecast, detectFindings, LocalCalendar, syntheticHours, syntheticMinutes } from '@energy/analytics-service/measure';
import { startBareBroker } from './bare-broker';
import { writeBenchmarkSection } from '../lib/benchmarks-doc';
import { cpuSeconds } from '../lib/cpu-time';
import { round } from '../lib/stats';

/**
 * bench/analytics: what the analytics service costs.
 * 1. CPU of the service process while 100 devices stream one reading a second (the ingest's batched
 *    telemetry stream, as in production), next to a plain subscriber that only parses the same stream.
 * 2. Forecasting 1,000 devices (8 weeks of hours each, the method chosen again, 48 h and the rest of
 *    the month), next to the three baselines for the same devices; and the findings detectors per device.
 */
const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '60' },
    'forecast-devices': { type: 'string', default: '1000' },
    'no-doc': { type: 'boolean', default: false },
  },
});
const DEVICES = Number(args.devices);
const SECONDS = Number(args.seconds);
const FORECAST_DEVICES = Number(args['forecast-devices']);
const COMMAND = `node tools/run-ts.cjs bench/analytics/run.ts --devices ${DEVICES} --seconds ${SECONDS} --forecast-devices ${FORECAST_DEVICES}`;
const TARGETS = { streamCpuShare: 0.05, forecastSecondsPer1000: 10 };

async function main(): Promise<void> {
  const stream = await measureStream();
  const forecasting = measureForecasting();
  const findings = measureFindings(10);
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`;
  const pct = (share: number) => `${(share * 100).toFixed(2)} %`;
  const markdown = `## Analytics: stream CPU and forecasting time

Command: \`${COMMAND}\`
Machine: ${machine}.

**Live stream** (${DEVICES} devices × 1 reading/s for ${SECONDS} s, as the ingest's batched telemetry stream; CPU of each process over the run, user + system). Target: the service under 5 % of one core.

| process | readings received | CPU s | share of one core |
| --- | ---: | ---: | ---: |
| plain subscriber that parses the stream (reference) | ${stream.reference.readings.toLocaleString('en')} | ${round(stream.reference.cpuS, 2)} | ${pct(stream.reference.share)} |
| analytics service (steps, pairing, signatures) | ${stream.service.readings.toLocaleString('en')} | ${round(stream.service.cpuS, 2)} | ${pct(stream.service.share)} |

**Forecasting** ${FORECAST_DEVICES.toLocaleString('en')} devices, 8 weeks of hourly history each (compute only; reading the rollups is not included). Target: under 10 s per hourly run.

| work | seconds | ms per device |
| --- | ---: | ---: |
| the three baselines for every device's next 48 h (reference) | ${round(forecasting.baselineS, 3)} | ${round((forecasting.baselineS * 1000) / FORECAST_DEVICES, 3)} |
| forecaster: method chosen on a 14-day holdout, 48 h + rest of month + band | ${round(forecasting.forecastS, 2)} | ${round((forecasting.forecastS * 1000) / FORECAST_DEVICES, 2)} |

Findings detectors on 8 weeks of minutes: ${round(findings.msPerDevice, 0)} ms per device (measured on ${findings.devices} devices).

Verdict: stream ${verdict(stream.service.share < TARGETS.streamCpuShare)} (${pct(stream.service.share)} of a core), forecasting ${verdict(forecasting.forecastS * (1000 / FORECAST_DEVICES) < TARGETS.forecastSecondsPer1000)} (${round(forecasting.forecastS * (1000 / FORECAST_DEVICES), 2)} s per 1,000 devices).`;
  console.log(`\n${markdown}\n`);
  if (!args['no-doc']) writeBenchmarkSection('analytics', markdown);
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

interface ProcessCost {
  readings: number;
  cpuS: number;
  share: number;
}

async function measureStream(): Promise<{ service: ProcessCost; reference: ProcessCost }> {
  const broker = await startBareBroker();
  const dir = mkdtempSync(join(tmpdir(), 'bench-analytics-'));
  const service = spawnTs('analytics-service/src/main.ts', [], { MQTT_URL: broker.url, SQLITE_PATH: join(dir, 'energy.sqlite'), HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'info' });
  const reference = spawnTs('bench/analytics/reference-subscriber.ts', [broker.url], {});
  try {
    await Promise.all([waitFor(service, 'analytics service started'), waitFor(reference, 'ready')]);
    const port = Number(/"port":(\d+)/.exec(service.output)?.[1]);
    const publisher = await mqtt.connectAsync(broker.url, { clientId: 'bench-ingest' });
    const models = Array.from({ length: DEVICES }, (_, i) => ({ id: `bench-${i}`, model: new LoadModel({ seed: i + 1 }) }));
    // Let both settle (Nest start-up, the first recompute on an empty database) before measuring.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const before = { service: cpuSeconds(service.child.pid!)!, reference: cpuSeconds(reference.child.pid!)! };
    const started = Date.now();
    for (let second = 0; second < SECONDS; second++) {
      const tMs = started + second * 1000;
      const byTopic = new Map<string, Telemetry[]>();
      for (const { id, model } of models) {
        const m = model.sample(tMs);
        const reading: Telemetry = { device_id: id, seq: second, ts: tMs, ts_source: 'device', voltage_v: m.voltageV, current_a: m.currentA, power_w: m.powerW, power_kind: 'real', apparent_power_va: m.apparentPowerVa, power_factor: m.powerFactor, energy_wh: null };
        const topic = telemetryBatchTopicFor(id);
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), reading]);
      }
      for (const [topic, readings] of byTopic) publisher.publish(topic, encodeTelemetryBatch(readings), { qos: 0 });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + (second + 1) * 1000 - Date.now())));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const wallS = (Date.now() - started) / 1000;
    const used = { service: cpuSeconds(service.child.pid!)! - before.service, reference: cpuSeconds(reference.child.pid!)! - before.reference };
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const serviceReadings = Number(/^analytics_readings_total\{[^}]*\} (\d+)/m.exec(metrics)?.[1] ?? 0);
    await publisher.endAsync();
    reference.child.kill('SIGTERM');
    await waitFor(reference, 'readings ');
    const referenceReadings = Number(/readings (\d+)/.exec(reference.output)?.[1] ?? 0);
    return {
      service: { readings: serviceReadings, cpuS: used.service, share: used.service / wallS },
      reference: { readings: referenceReadings, cpuS: used.reference, share: used.reference / wallS },
    };
  } finally {
    service.child.kill('SIGTERM');
    reference.child.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    service.child.kill('SIGKILL');
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function measureForecasting(): { forecastS: number; baselineS: number } {
  const startMs = Date.UTC(2024, 0, 1);
  const series = Array.from({ length: FORECAST_DEVICES }, (_, i) => ({ startMs, kwh: syntheticHours(8, { seed: i + 1, noiseKwh: 0.3, levelKwh: 0.5 + (i % 7) / 5 }) }));
  const nowMs = startMs + 8 * 7 * 24 * 3_600_000 + 60_000;
  let t = process.hrtime.bigint();
  let sink = 0;
  for (const s of series) {
    for (let target = s.kwh.length; target < s.kwh.length + 48; target++) for (const name of ['lastWeek', 'yesterday', 'mean4Weeks'] as const) sink += baselines[name](s.kwh, target) || 0; // yesterday is unknown past 24 h ahead
  }
  const baselineS = Number(process.hrtime.bigint() - t) / 1e9;
  t = process.hrtime.bigint();
  for (const [i, s] of series.entries()) sink += buildForecast(`bench-${i}`, s, 0, nowMs, 'Europe/Berlin', 48)?.month.projected_kwh ?? 0;
  const forecastS = Number(process.hrtime.bigint() - t) / 1e9;
  if (!Number.isFinite(sink)) throw new Error('forecasts went wrong');
  return { forecastS, baselineS };
}

function measureFindings(devices: number): { msPerDevice: number; devices: number } {
  const calendar = new LocalCalendar('Europe/Berlin');
  const houses = Array.from({ length: devices }, (_, i) => syntheticMinutes(56, i + 1));
  const t = process.hrtime.bigint();
  for (const house of houses) detectFindings(house, calendar);
  return { msPerDevice: Number(process.hrtime.bigint() - t) / 1e6 / devices, devices };
}

interface Child {
  child: ChildProcess;
  output: string;
}

function spawnTs(entry: string, argv: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'tools', 'run-ts.cjs'), entry, ...argv], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const result: Child = { child, output: '' };
  child.stdout!.on('data', (d) => (result.output += d));
  child.stderr!.on('data', (d) => (result.output += d));
  return result;
}

async function waitFor(process: Child, text: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!process.output.includes(text)) {
    if (Date.now() > until) throw new Error(`timed out waiting for "${text}"; output:\n${process.output.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
