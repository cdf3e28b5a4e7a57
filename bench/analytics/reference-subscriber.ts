import { TELEMETRY_BATCH_FILTER } from '@energy/contracts';
import mqtt from 'mqtt';

/**
 * The reference for the analytics service's CPU: a plain subscriber to the same telemetry stream
 * that only parses each batch. Its cost is the floor of receiving the stream at all.
 */
async function main(): Promise<void> {
  const client = await mqtt.connectAsync(process.argv[2]!, { clientId: `reference-${process.pid}` });
  let readings = 0;
  client.on('message', (_topic, payload) => {
    readings += (JSON.parse(payload.toString('utf8')) as { readings: unknown[] }).readings.length;
  });
  await client.subscribeAsync(TELEMETRY_BATCH_FILTER, { qos: 0 });
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    process.stdout.write(`readings ${readings}\n`);
    void client.endAsync().then(() => process.exit(0));
  });
}

void main();
