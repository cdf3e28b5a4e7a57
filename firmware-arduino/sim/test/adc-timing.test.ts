// Defect 4's root: PHASE_CAL must match the firmware's real sample timing. This measures the real
// binary in avr8js and fails if calibration.h's timing constants (and the PHASE_CAL derived from
// them) no longer describe it.
import { AdcTimingStats, buildHex, calibrationDefault, calibrationNumber, LoadProfile, UnoSim } from '..';

describe('the UNO binary\'s ADC timing, measured in avr8js', () => {
  let timing: AdcTimingStats;
  beforeAll(() => {
    const sim = new UnoSim({ hex: buildHex(), profile: LoadProfile.steady({ vrms: 230, irms: 3, hz: 49.98 }), startVirtualMs: 0 });
    sim.runUntil(500); // start-up
    sim.resetAdcTiming();
    sim.runUntil(3500);
    timing = sim.adcTiming;
    console.log(
      `measured: pair ${timing.pairPeriodUs.mean.toFixed(3)} us (${timing.pairPeriodUs.min}-${timing.pairPeriodUs.max}), ` +
        `I after V ${timing.iAfterVUs.mean.toFixed(3)} us (${timing.iAfterVUs.min}-${timing.iAfterVUs.max}), ` +
        `${timing.pauses} report pauses of ${timing.pauseUs.mean.toFixed(1)} us`,
    );
  });

  it('starts a V+I pair every PAIR_PERIOD_US (the paced schedule holds)', () => {
    expect(timing.pairs).toBeGreaterThan(5900);
    expect(timing.pairPeriodUs.mean).toBeCloseTo(calibrationNumber('PAIR_PERIOD_US'), 0);
    // Within a few microseconds of the slot even when an interrupt or a UART byte lands in a pair.
    expect(timing.pairPeriodUs.min).toBeGreaterThan(calibrationNumber('PAIR_PERIOD_US') - 12);
    expect(timing.pairPeriodUs.max).toBeLessThan(calibrationNumber('PAIR_PERIOD_US') + 12);
  });

  it('samples the current I_AFTER_V_US after the voltage', () => {
    expect(timing.iAfterVUs.mean).toBeCloseTo(calibrationNumber('I_AFTER_V_US'), 0);
  });

  it('pauses once a second for the report (that cycle is left out by the firmware)', () => {
    expect(timing.pauses).toBe(3);
    expect(timing.pauseUs.mean).toBeLessThan(5000);
  });

  it('PHASE_CAL defaults to 1 + I_AFTER_V_US / PAIR_PERIOD_US, the ideal-sensor value for this timing', () => {
    expect(calibrationDefault('PHASE_CAL')).toBe('(1.0f + I_AFTER_V_US / PAIR_PERIOD_US)');
    const measured = 1 + timing.iAfterVUs.mean / timing.pairPeriodUs.mean;
    expect(1 + calibrationNumber('I_AFTER_V_US') / calibrationNumber('PAIR_PERIOD_US')).toBeCloseTo(measured, 3);
  });
});
