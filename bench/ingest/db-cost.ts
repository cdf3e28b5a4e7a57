import { parseArgs } from 'node:util';
import { migrate, MysqlDatabase, type NewReading } from '@energy/db';
import { ReadingsRepository } from '@energy/ingest-service/store';
import { cpuSeconds } from '../lib/cpu-time';
import { startPrivateMariaDb } from '../lib/private-mariadb';
import { round } from '../lib/stats';

/**
 * MariaDB's CPU per stored reading for the ingest's write path alone (ReadingsRepository.insertBatch,
 * no broker, no MQTT): batches like a burst's (`--per-device` readings of each of `--devices` devices a
 * batch) or the steady load's (one each). For judging the database's share of bench/ingest.
 *   node tools/run-ts.cjs bench/ingest/db-cost.ts --devices 1000 --per-device 5 --batches 20
 */
const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '1000' },
    'per-device': { type: 'string', default: '5' },
    batches: { type: 'string', default: '20' },
    sql: { type: 'string', multiple: true, default: [] },
  },
});
const DEVICES = Number(args.devices);
const PER = Number(args['per-device']);
const BATCHES = Number(args.batches);

async function main(): Promise<void> {
  const server = await startPrivateMariaDb();
  try {
    const admin = new MysqlDatabase(server.url, 1);
    await admin.execute('CREATE DATABASE energy_db_cost');
    await admin.close();
    const db = new MysqlDatabase(`${server.url}energy_db_cost`, 2);
    await migrate(db);
    for (const statement of args.sql ?? []) await db.execute(statement);
    const repo = new ReadingsRepository(db, 'Europe/Berlin');
    const ids = Array.from({ length: DEVICES }, (_, i) => `bench-${String(i + 1).padStart(5, '0')}`);
    const seqs = new Map<string, number>();
    let t = Date.now() - 3_600_000;
    const batch = (): NewReading[] => {
      const out: NewReading[] = [];
      for (let k = 0; k < PER; k++) {
        t += 1000;
        for (const deviceId of ids) {
          const seq = (seqs.get(deviceId) ?? 0) + 1;
          seqs.set(deviceId, seq);
          out.push({ deviceId, seq, tsMs: t, tsSource: 'device', receivedMs: t, voltageV: 230, currentA: 1.5, powerW: 330, powerKind: 'real', apparentPowerVa: 345, powerFactor: 0.957, energyCounterWh: seq * 0.1, meterBoot: null, meterWh: null });
        }
      }
      return out;
    };
    for (let i = 0; i < 3; i++) await repo.insertBatch(batch()); // warm-up
    const cpu0 = cpuSeconds(server.pid)!;
    const own0 = process.cpuUsage();
    const started = Date.now();
    for (let i = 0; i < BATCHES; i++) await repo.insertBatch(batch());
    const readings = BATCHES * DEVICES * PER;
    const maria = cpuSeconds(server.pid)! - cpu0;
    const own = process.cpuUsage(own0);
    console.log(
      `${readings} readings in ${BATCHES} batches of ${DEVICES * PER} (${PER} per device), ${round(readings / ((Date.now() - started) / 1000), 0)}/s: MariaDB ${round((maria / readings) * 1e6, 1)} µs per reading, this process ${round(((own.user + own.system) / readings), 1)} µs`,
    );
    await db.close();
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
