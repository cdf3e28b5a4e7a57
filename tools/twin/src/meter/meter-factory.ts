import { buildHex, HostMeterSim, type LoadProfile } from '@energy/uno-sim';
import type { MeterModel } from '../scenario';
import { InlineMeter, type TwinMeter } from './twin-meter';
import { WorkerMeter } from './worker-meter';

/**
 * The UNO stand-in a scenario asked for: the real HEX in avr8js (in a worker thread), or the meter
 * code built for the host (its own process). Both build what they run through the firmware's
 * Makefile first; make skips what is up to date.
 */
export function createMeter(model: MeterModel, profile: LoadProfile, startVirtualMs: number): TwinMeter {
  return model === 'avr8js' ? new WorkerMeter(buildHex(), profile, startVirtualMs) : new InlineMeter(new HostMeterSim({ profile, startVirtualMs }));
}
