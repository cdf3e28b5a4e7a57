import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TwinSystem } from './src/system/twin-system';
import { STANDARD_RULE } from './src/scenario';
import { StoredData } from './src/system/stored-data';
(async () => {
  const t = Date.now();
  const sys = await TwinSystem.start({ database: process.argv[2] as 'mysql' | 'sqlite', timeZone: 'Europe/Berlin', deviceIds: ['twin-01', 'twin-02'], alertRule: STANDARD_RULE, workDir: mkdtempSync(join(tmpdir(), 'x-')), logSink: (s, l) => console.log(s, l.slice(0, 200)), logLevel: 'warn' });
  console.log('started in', Date.now() - t, 'ms; mqtt port', sys.mqttPort, Object.keys(sys.secrets));
  const now = Date.now();
  console.log(JSON.stringify(await sys.gateway.energy('twin-01', now - 7200_000, now, 'hour')).slice(0, 300));
  console.log(await new StoredData(sys.db).readings(['twin-01']));
  console.log(await sys.db.query('SELECT id, name, threshold FROM alert_rules'));
  await sys.stop();
  console.log('stopped', Date.now() - t);
})().catch((e) => { console.error(e); process.exit(1); });
