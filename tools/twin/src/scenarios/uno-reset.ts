import { mixedWithKettle } from '../loads';
import { defineScenario, minutes } from '../scenario';

export default defineScenario({
  name: 'uno-reset',
  summary: 'The UNO alone resets while the load stays on: its counter restarts from 0 under a new boot number.',
  meter: 'host',
  devices: 2,
  durationMs: minutes(8),
  loads: mixedWithKettle(minutes(1)),
  events: [{ kind: 'uno-reset', atMs: minutes(4) }],
});
