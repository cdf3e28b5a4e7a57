import { mixedWithKettle } from '../loads';
import { defineScenario, minutes } from '../scenario';

/**
 * Defect 3: NVS refuses writes for longer than a seq block (1,000) lasts, the ESP32 resets in the
 * middle of it, and reboots once more when NVS is healthy again. The seq reservations go to
 * LittleFS meanwhile: no seq may be reused, no reading lost.
 */
export default defineScenario({
  name: 'nvs-failures',
  summary: 'NVS writes fail for 25 min (more than one 1,000-seq block), the ESP32 resets during it and reboots at its end: no seq may be reused, no reading lost.',
  meter: 'host',
  devices: 2,
  durationMs: minutes(34),
  loads: mixedWithKettle(minutes(1)),
  events: [
    { kind: 'nvs-fail', atMs: minutes(4), durationMs: minutes(25) },
    { kind: 'esp32-reset', atMs: minutes(20) },
  ],
});
