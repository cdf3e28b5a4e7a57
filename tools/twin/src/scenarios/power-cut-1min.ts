import { mixedWithKettle } from '../loads';
import { defineScenario, minutes } from '../scenario';

export default defineScenario({
  name: 'power-cut-1min',
  summary: 'Mains gone for 1 min: both boards and the load lose power, the UNO comes back under a new boot number.',
  meter: 'host',
  devices: 2,
  durationMs: minutes(8),
  loads: mixedWithKettle(minutes(1)),
  events: [{ kind: 'power-cut', atMs: minutes(4), durationMs: minutes(1) }],
});
