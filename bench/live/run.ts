import mqtt from 'mqtt';
import { parseArgs } from 'node:util';
import { createMysqlTestDatabase } from '@energy/db/testing';
import { encodeReading, filters, topics, type Telemetry } from '@energy/contracts';
import { Stack } from '@energy/stack';
import { machineLine, writeBenchmarkSection } from '../lib/benchmarks-doc';
import { LoadGenerator } from '../lib/load-generator';
import { seedDevices } from '../lib/seed-devices';
import { median, percentile, round } from '../lib/stats';

/**
 * bench/live: latency from a device publishing a reading to the reading arriving as a Server-Sent
 * Event at an HTTP client of the gateway: broker, ingest (validation, the batched telemetry stream
 * `svc/{partition}/telemetry`), broker again, gateway. Meanwhile a site of `--background` other
 * devices publishes once a second, so the stream's batches carry a realistic load. Reference in the
 * same run: the raw reading arriving at a plain MQTT subscriber of `energy/+/reading`.
 */
const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '500' },
    background: { type: 'string', default: '2000' },
    'no-doc': { type: 'boolean', default: false },
  },
});
const MESSAGES = Number(args.messages);
const BACKGROUND = Number(args.background);
const TARGET_P99_MS = 100;

async function main(): Promise<void> {
  const t = await createMysqlTestDatabase();
  const background = Array.from({ length: BACKGROUND }, (_, i) => `site-${String(i + 1).padStart(5, '0')}`);
  await seedDevices(t.db, ['live-1', ...background]);
  const stack = await Stack.start({ database: { databaseUrl: t.url, sqlitePath: '' }, services: ['broker', 'ingest', 'gateway'], logLevel: 'warn' });
  try {
    const login = await fetch(`${stack.urls.gateway}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: stack.adminPassword }),
    });
    const { token } = (await login.json()) as { token: string };
    const sse = await fetch(`${stack.urls.gateway}/api/v1/live?devices=live-1`, { headers: { authorization: `Bearer ${token}` } });
    if (sse.status !== 200) throw new Error(`live stream refused: HTTP ${sse.status}`);
    const reader = sse.body!.getReader();
    const sseLatencies: number[] = [];
    const mqttLatencies: number[] = [];
    let buffer = '';
    void (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!event.includes('event: reading')) continue;
          const data = JSON.parse(event.split('\n').find((l) => l.startsWith('data: '))!.slice(6)) as Telemetry;
          sseLatencies.push(Date.now() - data.ts);
        }
      }
    })();
    const plain = await mqtt.connectAsync(stack.urls.mqtt, { clientId: 'gateway:bench-plain', username: 'gateway', password: stack.servicePasswords.gateway });
    plain.on('message', (topic, payload) => {
      if (topic === topics.reading('live-1')) mqttLatencies.push(Date.now() - (JSON.parse(payload.toString()) as { ts: number }).ts);
    });
    await plain.subscribeAsync(filters.allReadings);
    // The watched device, and the rest of the site at 1 Hz each, through pooled connections.
    const device = await mqtt.connectAsync(stack.urls.mqtt, { clientId: 'gateway:bench-live', username: 'gateway', password: stack.servicePasswords.gateway });
    const site = await LoadGenerator.connect({ url: stack.urls.mqtt, username: 'gateway', password: stack.servicePasswords.gateway }, 5, 'live-site');
    const siteLoad = BACKGROUND > 0 ? site.steady(background, Math.ceil((MESSAGES * 10) / 1000) + 2) : Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (let seq = 1; seq <= MESSAGES; seq++) {
      device.publish(topics.reading('live-1'), encodeReading({ seq, oldest_seq: seq, ts: Date.now(), Voltage: 230, Current: 1, power_w: 230, apparent_power_va: 230, power_factor: 1, energy_wh: seq * 0.064 }));
      await new Promise((resolve) => setTimeout(resolve, 10)); // 100 readings/s, a busy dashboard
    }
    await siteLoad;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await Promise.all([plain.endAsync(), device.endAsync(), site.close(), reader.cancel()]);
    const p99 = round(percentile(sseLatencies, 99), 1);
    const markdown = `## Live push: device to browser stream

Command: \`node tools/run-ts.cjs bench/live/run.ts --messages ${MESSAGES} --background ${BACKGROUND}\`
Machine: ${machineLine()}.
${MESSAGES} readings of one device at 100/s, published as a device does, to an SSE client of the gateway (\`/api/v1/live?devices=live-1\`): broker, ingest (validation, the batched telemetry stream), broker, gateway. Meanwhile ${BACKGROUND.toLocaleString('en')} other devices publish once a second each. Reference: the same raw reading at a plain MQTT subscriber of \`energy/+/reading\`.

| path | received | p50 ms | p99 ms | max ms |
| --- | ---: | ---: | ---: | ---: |
| MQTT subscriber of the raw reading (reference) | ${mqttLatencies.length} | ${round(median(mqttLatencies), 1)} | ${round(percentile(mqttLatencies, 99), 1)} | ${Math.max(...mqttLatencies)} |
| gateway SSE, through the ingest | ${sseLatencies.length} | ${round(median(sseLatencies), 1)} | ${p99} | ${Math.max(...sseLatencies)} |

Target: p99 under ${TARGET_P99_MS} ms from the device's publish to the browser: ${p99 < TARGET_P99_MS ? 'met' : '**not met**'} (${p99} ms).`;
    console.log(`\n${markdown}\n`);
    if (!args['no-doc']) writeBenchmarkSection('live', markdown);
  } finally {
    await stack.stop();
    await t.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
