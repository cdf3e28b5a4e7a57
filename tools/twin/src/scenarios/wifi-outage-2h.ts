import { mixedWithKettle } from '../loads';
import { defineScenario, hours, minutes } from '../scenario';

export default defineScenario({
  name: 'wifi-outage-2h',
  summary: 'Wi-Fi gone for 2 h (the ESP32 fault file): 7,200 readings, more than the RAM ring holds, must come through from flash.',
  meter: 'host',
  devices: 2,
  durationMs: hours(2) + minutes(16),
  midnightAtMs: hours(1),
  loads: mixedWithKettle(minutes(1)),
  events: [{ kind: 'wifi-down', atMs: minutes(5), durationMs: hours(2), speed: 240 }],
});
