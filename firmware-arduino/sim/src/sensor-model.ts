// The analogue front end between the mains and the UNO's ADC pins: a ZMPT101B module on A0 and an
// ACS712 on A1, both biased at half the 5 V rail, and the ATmega328P's 10-bit ADC. The nominal
// values are those calibration.h assumes (sensor-model.spec.ts reads them from it), so a meter
// built with the default calibration reads this front end exactly, up to its own errors.

export interface SensorModel {
  /** Mains volts per volt at A0 (the ZMPT101B's trimmed ratio; calibration.h VOLTAGE_CAL). */
  voltsPerPinVolt: number;
  /** Amperes per volt at A1: 1000 / the ACS712's mV per A (calibration.h CURRENT_CAL, 5 A variant). */
  ampsPerPinVolt: number;
  /** The ADC reference, the UNO's 5 V rail (calibration.h SUPPLY_MV / 1000). */
  supplyV: number;
  /** DC level of each sensor's output, V (nominally half the rail). */
  voltageBiasV: number;
  currentBiasV: number;
  /**
   * Phase error of the voltage sensor at the mains frequency, degrees: positive = its output leads
   * the mains voltage (a ZMPT101B typically leads by a few degrees). Modelled as a time advance.
   */
  voltageLeadDeg: number;
  /** The same for the current sensor (an ACS712 is a Hall sensor: ~0). */
  currentLeadDeg: number;
  /** Standard deviation of Gaussian noise added to each conversion, ADC counts. */
  noiseCounts: number;
}

export const NOMINAL_SENSORS: Readonly<SensorModel> = {
  voltsPerPinVolt: 184,
  ampsPerPinVolt: 1000 / 185,
  supplyV: 5,
  voltageBiasV: 2.5,
  currentBiasV: 2.5,
  voltageLeadDeg: 0,
  currentLeadDeg: 0,
  noiseCounts: 0,
};

export const ADC_COUNTS = 1024;

/**
 * The ADC's transfer function (ATmega328P datasheet, 24.7): ADC = Vin * 1024 / Vref, truncated,
 * clamped to 0..1023. Noise is added before the truncation, as it is on the pin.
 */
export function adcCounts(pinV: number, supplyV: number, noise = 0): number {
  const counts = Math.floor((pinV / supplyV) * ADC_COUNTS + noise);
  return counts < 0 ? 0 : counts > ADC_COUNTS - 1 ? ADC_COUNTS - 1 : counts;
}
