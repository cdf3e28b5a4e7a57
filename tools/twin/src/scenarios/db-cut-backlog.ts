import { mixedWithKettle } from '../loads';
import { defineScenario, minutes, seconds } from '../scenario';

export default defineScenario({
  name: 'db-cut-backlog',
  summary: 'A 20-min Wi-Fi outage, then the database connection is cut for 3 min while the backlog pours in (MariaDB behind the TCP proxy).',
  meter: 'host',
  devices: 2,
  durationMs: minutes(32),
  loads: mixedWithKettle(minutes(1)),
  database: 'mysql',
  events: [
    { kind: 'wifi-down', atMs: minutes(4), durationMs: minutes(20), speed: 120 },
    { kind: 'db-cut', atMs: minutes(24) + seconds(10), durationMs: minutes(3) },
  ],
});
