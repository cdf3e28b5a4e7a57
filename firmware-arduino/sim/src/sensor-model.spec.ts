import { calibrationDefault, calibrationNumber } from './calibration-header';
import { adcCounts, NOMINAL_SENSORS } from './sensor-model';

describe('the nominal sensors', () => {
  it('are the ones calibration.h defaults to, so a default build reads them exactly', () => {
    expect(calibrationNumber('VOLTAGE_CAL')).toBe(NOMINAL_SENSORS.voltsPerPinVolt);
    expect(calibrationNumber('SUPPLY_MV')).toBe(NOMINAL_SENSORS.supplyV * 1000);
    expect(calibrationDefault('ACS712_VARIANT_A')).toBe('5');
    expect(calibrationDefault('CURRENT_CAL')).toBe('(1000.0f / ACS712_MV_PER_A)');
    expect(NOMINAL_SENSORS.ampsPerPinVolt).toBeCloseTo(1000 / 185, 12);
  });
});

describe('adcCounts', () => {
  it('is Vin * 1024 / Vref truncated and clamped to 10 bits', () => {
    expect(adcCounts(2.5, 5)).toBe(512);
    expect(adcCounts(2.5 - 1e-9, 5)).toBe(511);
    expect(adcCounts(-0.3, 5)).toBe(0);
    expect(adcCounts(5.2, 5)).toBe(1023);
    expect(adcCounts(2.5, 5, 1.2)).toBe(513);
  });
});
