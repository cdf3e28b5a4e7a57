import mqtt, { type MqttClient } from 'mqtt';
import { parseArgs } from 'node:util';
import { startTestBroker } from '@energy/broker/testing';
import { ProgressLine } from '@energy/service-kit';
import { machineLine, writeBenchmarkSection } from '../lib/benchmarks-doc';
import { mosquittoVersion, startMosquitto } from '../lib/mosquitto';
import { median, percentile, round } from '../lib/stats';

/**
 * bench/broker: messages per second and publish-to-receive latency through our broker (auth, ACL,
 * packet guard) and Debian's Mosquitto, QoS 0 and QoS 1, alternating runs on the same machine.
 */
const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '50000' },
    publishers: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    'no-doc': { type: 'boolean', default: false },
  },
});
const MESSAGES = Number(args.messages);
const PUBLISHERS = Number(args.publishers);
const progress = new ProgressLine();

interface Target {
  name: 'ours' | 'mosquitto';
  url: string;
  publisher: (i: number) => mqtt.IClientOptions;
  subscriber: mqtt.IClientOptions;
}

async function runOnce(target: Target, qos: 0 | 1): Promise<{ perSecond: number; p50Ms: number; p99Ms: number }> {
  const sub = await mqtt.connectAsync(target.url, { ...target.subscriber, reconnectPeriod: 0 });
  const pubs: MqttClient[] = await Promise.all(Array.from({ length: PUBLISHERS }, (_, i) => mqtt.connectAsync(target.url, { ...target.publisher(i), reconnectPeriod: 0 })));
  const latencies: number[] = [];
  let received = 0;
  let lastAt = 0;
  const done = new Promise<void>((resolve) => {
    sub.on('message', (_topic, payload) => {
      const now = performance.now();
      latencies.push(now - Number(payload.toString().slice(0, 20)));
      lastAt = now;
      if (++received === MESSAGES) resolve();
    });
  });
  await sub.subscribeAsync('energy/+/telemetry', { qos });
  const started = performance.now();
  const perPublisher = Math.ceil(MESSAGES / PUBLISHERS);
  await Promise.all(
    pubs.map(async (pub, p) => {
      for (let i = 0; i < perPublisher && p * perPublisher + i < MESSAGES; i++) {
        const payload = `${performance.now().toFixed(3).padStart(20, '0')}${'x'.repeat(180)}`;
        if (qos === 1) {
          // Keep a window of in-flight QoS 1 messages, as a real client would.
          if (i % 100 === 99) await pub.publishAsync(`energy/bench-${p}/telemetry`, payload, { qos });
          else pub.publish(`energy/bench-${p}/telemetry`, payload, { qos });
        } else {
          pub.publish(`energy/bench-${p}/telemetry`, payload, { qos });
          if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
        }
      }
    }),
  );
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 60_000));
  await Promise.race([done, timeout]);
  await Promise.all([sub, ...pubs].map((c) => c.endAsync(true)));
  const elapsedS = ((lastAt || performance.now()) - started) / 1000;
  return { perSecond: round(received / elapsedS, 0), p50Ms: round(median(latencies), 1), p99Ms: round(percentile(latencies, 99), 1) };
}

async function main(): Promise<void> {
  const ours = await startTestBroker({ limits: { connectsPerIpPerMinute: 100_000 } });
  const mosquitto = await startMosquitto();
  const targets: Target[] = [
    {
      name: 'mosquitto',
      url: mosquitto.url,
      publisher: (i) => ({ clientId: `bench-pub-${i}` }),
      subscriber: { clientId: 'bench-sub' },
    },
    {
      name: 'ours',
      url: ours.url,
      // Services are the accounts allowed to publish on behalf of many topics; each still passes auth and ACL.
      publisher: (i) => ({ clientId: `ingest:bench-pub-${i}`, username: 'ingest', password: ours.servicePasswords.ingest }),
      subscriber: { clientId: 'gateway:bench-sub', username: 'gateway', password: ours.servicePasswords.gateway },
    },
  ];
  const results: Record<string, number[][]> = {};
  try {
    for (let run = 1; run <= Number(args.runs); run++) {
      for (const qos of [0, 1] as const) {
        for (const target of run % 2 ? targets : [...targets].reverse()) {
          progress.update(`run ${run}/${args.runs}: ${target.name} QoS ${qos}…`);
          const r = await runOnce(target, qos);
          progress.done(`run ${run} ${target.name.padEnd(9)} QoS ${qos}: ${r.perSecond} msg/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`);
          (results[`${target.name}:${qos}`] ??= []).push([r.perSecond, r.p50Ms, r.p99Ms]);
        }
      }
    }
  } finally {
    await ours.close();
    await mosquitto.stop();
  }
  const row = (name: string, qos: number) => {
    const runs = results[`${name}:${qos}`]!;
    return [median(runs.map((r) => r[0]!)), median(runs.map((r) => r[1]!)), median(runs.map((r) => r[2]!))] as const;
  };
  const lines = [0, 1].flatMap((qos) => {
    const o = row('ours', qos);
    const m = row('mosquitto', qos);
    return [
      `| ${qos} | Mosquitto ${mosquittoVersion()} | ${m[0]} | ${m[1]} | ${m[2]} | |`,
      `| ${qos} | ours (Aedes + auth/ACL/guard) | ${o[0]} | ${o[1]} | ${o[2]} | ${round(o[0] / m[0], 2)} |`,
    ];
  });
  const markdown = `## Broker: throughput and latency

Command: \`node tools/run-ts.cjs bench/broker/run.ts --messages ${MESSAGES} --publishers ${PUBLISHERS} --runs ${args.runs}\`
Machine: ${machineLine()}. ${PUBLISHERS} publishers -> 1 subscriber, 200-byte payloads, all on loopback; medians of ${args.runs} runs, the brokers alternating.
Latency is from the publish stamped in the payload to its arrival at the subscriber.

| QoS | broker | msg/s | p50 ms | p99 ms | ours / Mosquitto |
| --- | --- | ---: | ---: | ---: | ---: |
${lines.join('\n')}`;
  console.log(`\n${markdown}\n`);
  if (!args['no-doc']) writeBenchmarkSection('broker', markdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
