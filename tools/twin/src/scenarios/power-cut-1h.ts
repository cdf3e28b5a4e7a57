import { mixedWithKettle } from '../loads';
import { defineScenario, hours, minutes } from '../scenario';

export default defineScenario({
  name: 'power-cut-1h',
  summary: 'Mains gone for 1 h (defect 1: a cut must not book the lifetime counter), with a site-local midnight inside the cut.',
  meter: 'host',
  devices: 2,
  durationMs: hours(1) + minutes(14),
  midnightAtMs: minutes(35),
  loads: mixedWithKettle(minutes(1)),
  events: [{ kind: 'power-cut', atMs: minutes(6), durationMs: hours(1) }],
});
