import { buildHex } from '../../../../firmware-arduino/sim/src/firmware-build';
import { HostMeterSim } from '../../../../firmware-arduino/sim/src/host-meter-sim';
import type { MeterSim, MeterSimOptions } from '../../../../firmware-arduino/sim/src/meter-sim';
import { UnoSim } from '../../../../firmware-arduino/sim/src/uno-sim';
import type { MeterModel } from '../scenario';

/** The UNO stand-in a scenario asked for: the real HEX in avr8js, or the meter code built for the host. */
export function createMeter(model: MeterModel, options: MeterSimOptions): MeterSim {
  // Both build what they run through the firmware's Makefile first (make skips what is up to date).
  return model === 'avr8js' ? new UnoSim({ ...options, hex: buildHex() }) : new HostMeterSim(options);
}

/** Ends a stand-in's process, if it has one (the host meter does). */
export function disposeMeter(meter: MeterSim): void {
  (meter as Partial<Pick<HostMeterSim, 'dispose'>>).dispose?.();
}
