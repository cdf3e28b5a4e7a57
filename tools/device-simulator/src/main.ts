import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase, migrate } from '@energy/db';
import { ProgressLine, progressBar } from '@energy/service-kit';
import { deviceIds, ensureProvisioned } from './credentials';
import { Simulator } from './simulator';
import { databaseSettings } from './simulator-db-config';

const HELP = `device-simulator: N simulated energy meters speaking the firmware's MQTT protocol.

  --url URL            broker (default mqtt://127.0.0.1:1883)
  --devices N          number of meters (default 3)
  --prefix NAME        device ids are NAME-001, NAME-002, ... (default sim)
  --interval MS        reading interval (default 1000)
  --legacy             send the seed's {"Voltage","Current"} payload (no seq, no re-send)
  --qos 0|1            publish QoS (default 0, like PubSubClient)
  --spikes-per-hour N  kettle/heater spikes per device per hour (default 2)
  --credentials FILE   JSON {deviceId: secret} (default .data/simulator-devices.json)
  --provision          create the devices (or rotate lost secrets) in the database first,
                       using DATABASE_URL or SQLITE_PATH (default .data/energy.sqlite)
  --anonymous          connect without credentials (broker demo mode only)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
      devices: { type: 'string', default: '3' },
      prefix: { type: 'string', default: 'sim' },
      interval: { type: 'string', default: '1000' },
      legacy: { type: 'boolean', default: false },
      qos: { type: 'string', default: '0' },
      'spikes-per-hour': { type: 'string', default: '2' },
      credentials: { type: 'string', default: '.data/simulator-devices.json' },
      provision: { type: 'boolean', default: false },
      anonymous: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const count = positiveInt('--devices', values.devices);
  const intervalMs = positiveInt('--interval', values.interval);
  const qos = values.qos === '1' ? 1 : values.qos === '0' ? 0 : fail('--qos must be 0 or 1');
  const spikesPerHour = Number(values['spikes-per-hour']);
  if (!Number.isFinite(spikesPerHour) || spikesPerHour < 0) fail('--spikes-per-hour must be a number >= 0');
  const ids = deviceIds(values.prefix, count);

  let secrets: Record<string, string | undefined> = {};
  if (values.provision) {
    // Provisioning is an explicit step: the simulator is a device, and devices do not write the database.
    const db = openDatabase(databaseSettings());
    await migrate(db);
    const progress = new ProgressLine();
    secrets = await ensureProvisioned(db, ids, values.credentials, (done) => progress.update(`provisioning ${progressBar(done, count)}`));
    progress.done(`provisioned ${count} devices; secrets in ${values.credentials}`);
    await db.close();
  } else if (!values.anonymous) {
    secrets = readCredentials(values.credentials, ids);
  }

  const simulator = new Simulator({
    url: values.url,
    devices: ids.map((id) => ({ id, secret: secrets[id] })),
    intervalMs,
    legacy: values.legacy,
    qos,
    spikeChancePerSecond: spikesPerHour / 3600,
  });
  await simulator.start();
  const progress = new ProgressLine();
  const started = Date.now();
  const timer = setInterval(() => {
    const t = simulator.totals();
    const rate = t.published / ((Date.now() - started) / 1000);
    progress.update(`devices ${t.connected}/${t.devices} connected | published ${t.published} (${rate.toFixed(1)}/s) | acked ${t.acked} | pending ${t.pending} | re-sent ${t.resent} | dropped ${t.dropped}`);
  }, 1000);
  const stop = async () => {
    clearInterval(timer);
    await simulator.stop(true);
    const t = simulator.totals();
    progress.done(`stopped: published ${t.published}, acked ${t.acked}, still pending ${t.pending}`);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

function readCredentials(file: string, ids: string[]): Record<string, string> {
  if (!existsSync(file)) fail(`no credentials file ${file}; run with --provision (or --anonymous against a demo broker)`);
  const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const missing = ids.filter((id) => !all[id]);
  if (missing.length > 0) fail(`no secret for ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? '…' : ''} in ${file}; run with --provision`);
  return all;
}

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) fail(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

function fail(message: string): never {
  process.stderr.write(`device-simulator: ${message}\n`);
  process.exit(2);
}

main().catch((err) => {
  process.stderr.write(`device-simulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
