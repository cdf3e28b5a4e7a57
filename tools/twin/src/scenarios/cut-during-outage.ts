import { mixedWithKettle } from '../loads';
import { defineScenario, hours, minutes } from '../scenario';

/** The flash journal's reason to exist: an outage longer than the RAM ring, and a power cut inside it. */
export default defineScenario({
  name: 'cut-during-outage',
  summary: 'A power cut of 10 min an hour into a 90-min Wi-Fi outage: the readings held in flash must survive it.',
  meter: 'host',
  devices: 2,
  durationMs: hours(1) + minutes(46),
  midnightAtMs: hours(1),
  loads: mixedWithKettle(minutes(1)),
  events: [
    { kind: 'wifi-down', atMs: minutes(5), durationMs: minutes(90), speed: 240 },
    { kind: 'power-cut', atMs: minutes(65), durationMs: minutes(10) },
  ],
});
