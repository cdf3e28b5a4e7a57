import mqtt from 'mqtt';
import { parseArgs } from 'node:util';
import { createMysqlTestDatabase } from '@energy/db/src/testing/test-database';
import { topics, type Telemetry } from '@energy/contracts';
import { Stack } from '@energy/stack';
import { machineLine, writeBenchmarkSection } from '../lib/benchmarks-doc';
import { median, percentile, round } from '../lib/stats';

/**
 * bench/live: latency from a telemetry message on the bus (what the ingest publishes after
 * validating a reading) to its arrival as a Server-Sent Event at an HTTP client of the gateway.
 * Reference in the same run: the same message received by a plain MQTT subscriber.
 */
const { values: args } = parseArgs({ options: { messages: { type: 'string', default: '500' }, 'no-doc': { type: 'boolean', default: false } } });
const MESSAGES = Number(args.messages);

async function main(): Promise<void> {
  const t = await createMysqlTestDatabase();
  const stack = await Stack.start({ database: { databaseUrl: t.url, sqlitePath: '' }, services: ['broker', 'gateway'], logLevel: 'warn' });
  try {
    const login = await fetch(`${stack.urls.gateway}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: stack.adminPassword }),
    });
    const { token } = (await login.json()) as { token: string };
    const { ticket } = (await (await fetch(`${stack.urls.gateway}/api/v1/live/tickets`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { ticket: string };
    const sse = await fetch(`${stack.urls.gateway}/api/v1/live?devices=live-1&ticket=${encodeURIComponent(ticket)}`);
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
    plain.on('message', (_t, payload) => mqttLatencies.push(Date.now() - (JSON.parse(payload.toString()) as Telemetry).ts));
    await plain.subscribeAsync(topics.telemetry('live-1'));
    const ingest = await mqtt.connectAsync(stack.urls.mqtt, { clientId: 'ingest:bench-live', username: 'ingest', password: stack.servicePasswords.ingest });
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let i = 0; i < MESSAGES; i++) {
      const telemetry: Telemetry = {
        device_id: 'live-1', seq: i, ts: Date.now(), ts_source: 'device', voltage_v: 230, current_a: 1, power_w: 230,
        power_kind: 'real', apparent_power_va: 230, power_factor: 1, energy_wh: i,
      };
      ingest.publish(topics.telemetry('live-1'), JSON.stringify(telemetry));
      await new Promise((resolve) => setTimeout(resolve, 10)); // 100 readings/s, a busy dashboard
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await Promise.all([plain.endAsync(), ingest.endAsync(), reader.cancel()]);
    const markdown = `## Live push: bus to browser stream

Command: \`node tools/run-ts.cjs bench/live/run.ts --messages ${MESSAGES}\`
Machine: ${machineLine()}. ${MESSAGES} telemetry messages at 100/s from the bus to an SSE client of the gateway (\`/api/v1/live\`), against a plain MQTT subscriber to the same topic as the reference. Target: a browser gets a reading within 100 ms of the ingest publishing it.

| path | received | p50 ms | p99 ms | max ms |
| --- | ---: | ---: | ---: | ---: |
| MQTT subscriber (reference) | ${mqttLatencies.length} | ${round(median(mqttLatencies), 1)} | ${round(percentile(mqttLatencies, 99), 1)} | ${Math.max(...mqttLatencies)} |
| gateway SSE | ${sseLatencies.length} | ${round(median(sseLatencies), 1)} | ${round(percentile(sseLatencies, 99), 1)} | ${Math.max(...sseLatencies)} |`;
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
