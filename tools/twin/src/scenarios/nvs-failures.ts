import { mixedWithKettle } from '../loads';
import { defineScenario, minutes } from '../scenario';

/** Defect 3: more than a seq block (1,000) handed out while NVS refuses writes, then a reboot. */
export default defineScenario({
  name: 'nvs-failures',
  summary: 'NVS writes fail for 25 min (more than one 1,000-seq block), then the ESP32 reboots: no seq may be reused, no reading lost.',
  meter: 'host',
  devices: 2,
  durationMs: minutes(34),
  loads: mixedWithKettle(minutes(1)),
  events: [{ kind: 'nvs-fail', atMs: minutes(4), durationMs: minutes(25) }],
});
