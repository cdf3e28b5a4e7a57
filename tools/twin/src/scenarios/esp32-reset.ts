import { mixedWithKettle } from '../loads';
import { defineScenario, minutes, seconds } from '../scenario';

export default defineScenario({
  name: 'esp32-reset',
  summary: 'The ESP32 alone resets (down 3 s) while the UNO keeps measuring: the lines it missed are carried by the next one.',
  meter: 'host',
  devices: 2,
  durationMs: minutes(8),
  loads: mixedWithKettle(minutes(1)),
  events: [{ kind: 'esp32-reset', atMs: minutes(4), downMs: seconds(3) }],
});
