import { mixedWithKettle } from '../loads';
import { defineScenario, minutes } from '../scenario';

/** The meter's accuracy under test: the real UNO binary in avr8js on every load type, no faults. */
export default defineScenario({
  name: 'steady-mixed',
  summary: 'Resistive, PF 0.5 lagging, PF 0.5 leading and distorted loads (3rd + 5th), a kettle on each for 2 min; the real UNO HEX in avr8js.',
  meter: 'avr8js',
  devices: 4,
  durationMs: minutes(5),
  loads: mixedWithKettle(minutes(1)),
  events: [],
});
