import { mixedWithKettle } from '../loads';
import { defineScenario, hours, minutes } from '../scenario';

export default defineScenario({
  name: 'power-cut-8h',
  summary: 'Mains gone for 8 h across a site-local midnight; the clock skips the dark hours.',
  meter: 'host',
  devices: 2,
  durationMs: hours(8) + minutes(14),
  midnightAtMs: hours(3),
  loads: mixedWithKettle(minutes(1)),
  events: [{ kind: 'power-cut', atMs: minutes(6), durationMs: hours(8) }],
});
