import { mixedWithKettle } from '../loads';
import { defineScenario, hours, minutes } from '../scenario';

export default defineScenario({
  name: 'broker-outage-2h',
  summary: 'The broker stopped for 2 h: the ESP32s keep retrying with backoff and hold 2 h of readings.',
  meter: 'host',
  devices: 2,
  durationMs: hours(2) + minutes(16),
  midnightAtMs: hours(1),
  loads: mixedWithKettle(minutes(1)),
  events: [{ kind: 'broker-down', atMs: minutes(5), durationMs: hours(2), speed: 120 }],
});
