import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@energy/stack';
import type { MeterSim, MeterSimOptions } from '../../../../firmware-arduino/sim/src/meter-sim';
import { UnoSim } from '../../../../firmware-arduino/sim/src/uno-sim';
import type { MeterModel } from '../scenario';
import { UNO_HEX } from './firmware-build';

const HOST_METER_MODULE = join(REPO_ROOT, 'firmware-arduino', 'sim', 'src', 'host-meter-sim.ts');

/** The UNO stand-in a scenario asked for: the real HEX in avr8js, or the meter code built for the host. */
export function createMeter(model: MeterModel, options: MeterSimOptions): MeterSim {
  if (model === 'avr8js') return new UnoSim({ ...options, hex: UNO_HEX });
  if (!existsSync(HOST_METER_MODULE)) throw new Error(`the host meter stand-in (${HOST_METER_MODULE}) is not there yet; run this scenario with --meter avr8js`);
  const { HostMeterSim } = require(HOST_METER_MODULE) as { HostMeterSim: new (o: MeterSimOptions) => MeterSim };
  return new HostMeterSim(options);
}
