import { LocalCalendar } from '../series/local-calendar';
import { minuteOf, syntheticMinutes } from '../testing/synthetic-minutes';
import { detectFlatReadings, detectImplausibleReadings, roundingStep } from './reading-quality-detector';

describe(detectFlatReadings.name, () => {
  const calendar = new LocalCalendar('UTC');

  it('flags the very same reading for an hour, and not a working meter', () => {
    const minutes = syntheticMinutes(3);
    expect(detectFlatReadings(minutes, calendar)).toEqual([]);
    const from = minuteOf(2, 10);
    for (const values of [minutes.powerW, minutes.voltageV, minutes.currentA]) values.fill(values[from]!, from, from + 60);
    const [finding] = detectFlatReadings(minutes, calendar);
    expect(finding!.sentence).toMatch(/^The same reading \(\d+(\.\d)? W, \d+(\.\d)? V, \d+(\.\d{1,3})? A\) for 1 h 00 min from Wed 3 Jan 10:00/);
  });

  it('does not take missing minutes for a stuck sensor', () => {
    const minutes = syntheticMinutes(3);
    minutes.powerW.fill(Number.NaN, 100, 400);
    minutes.voltageV.fill(Number.NaN, 100, 400);
    minutes.currentA.fill(Number.NaN, 100, 400);
    expect(detectFlatReadings(minutes, calendar)).toEqual([]);
  });
});

describe(detectImplausibleReadings.name, () => {
  const calendar = new LocalCalendar('UTC');

  it('flags a voltage no mains has and power above volts × amps, but not one odd minute', () => {
    const minutes = syntheticMinutes(3);
    expect(detectImplausibleReadings(minutes, calendar)).toEqual([]);
    minutes.voltageV.fill(40, minuteOf(1, 3), minuteOf(1, 3, 20));
    for (let i = minuteOf(2, 12); i < minuteOf(2, 12, 30); i++) minutes.powerW[i] = minutes.powerW[i]! * 3;
    minutes.voltageV[minuteOf(2, 20)] = 20;
    const findings = detectImplausibleReadings(minutes, calendar);
    expect(findings.map((f) => f.sentence)).toEqual([
      '20 implausible minutes from Tue 2 Jan 03:00: voltage 40 V, the mains here is about 230 V. Check the meter\'s wiring and calibration.',
      '30 implausible minutes from Wed 3 Jan 12:00: active power above volts × amps. Check the meter\'s wiring and calibration.',
    ]);
  });

  it('allows for amps rounded to a coarse step', () => {
    expect(roundingStep(Float64Array.from([0.8, 1, 1.2, 5.4, Number.NaN]))).toBe(0.2);
    expect(roundingStep(Float64Array.from([0.813, 1.071]))).toBe(0.001);
  });
});
