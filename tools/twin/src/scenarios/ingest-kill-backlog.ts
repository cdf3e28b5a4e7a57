import { mixedWithKettle } from '../loads';
import { defineScenario, minutes, seconds } from '../scenario';

export default defineScenario({
  name: 'ingest-kill-backlog',
  summary: 'A 20-min Wi-Fi outage, then the ingest is SIGKILLed while the backlog pours in, and restarted.',
  meter: 'host',
  devices: 2,
  durationMs: minutes(32),
  loads: mixedWithKettle(minutes(1)),
  events: [
    { kind: 'wifi-down', atMs: minutes(4), durationMs: minutes(20), speed: 120 },
    { kind: 'ingest-kill', atMs: minutes(24) + seconds(20), downWallMs: 2_000 },
  ],
});
