import { hourlyEnergy } from '../series/hourly-energy';
import { LocalCalendar } from '../series/local-calendar';
import { minuteOf, setMinute, syntheticMinutes } from '../testing/synthetic-minutes';
import { FindingKind } from './finding';
import { detectUsage } from './usage-detector';

describe(detectUsage.name, () => {
  const calendar = new LocalCalendar('UTC');

  it('finds nothing in a house that keeps its habits', () => {
    expect(detectUsage(hourlyEnergy(syntheticMinutes(42)), calendar)).toEqual([]);
  });

  it('flags hours far above the usual for the time of week, and says so in words', () => {
    const minutes = syntheticMinutes(42);
    // Saturday of week 6, 13:00-17:00: 3 kW more than usual.
    for (let i = minuteOf(40, 13); i < minuteOf(40, 17); i++) setMinute(minutes, i, minutes.powerW[i]! + 3000);
    const [finding, ...rest] = detectUsage(hourlyEnergy(minutes), calendar);
    expect(rest).toEqual([]);
    expect(finding!.kind).toBe(FindingKind.unusuallyHigh);
    expect(finding!.startMs).toBeLessThanOrEqual(minutes.startMs + minuteOf(40, 13) * 60_000);
    expect(finding!.endMs).toBeGreaterThanOrEqual(minutes.startMs + minuteOf(40, 16) * 60_000);
    expect(finding!.sentence).toMatch(/^\d+\.\d kWh in \d+ h from Sat 10 Feb \d\d:00, usually \d+\.\d kWh on a Saturday afternoon\.$/);
    expect(finding!.observed).toBeGreaterThan(3 * finding!.usual);
  });

  it('flags a day far below the usual (nobody home)', () => {
    const minutes = syntheticMinutes(42);
    for (let i = minuteOf(38, 0); i < minuteOf(40, 0); i++) setMinute(minutes, i, 200);
    const findings = detectUsage(hourlyEnergy(minutes), calendar);
    expect(findings.map((f) => f.kind)).toEqual([FindingKind.unusuallyLow]);
    expect(findings[0]!.sentence).toContain('for the same days of the week');
  });

  it('never takes missing data for low consumption', () => {
    const minutes = syntheticMinutes(42);
    minutes.powerW.fill(Number.NaN, minuteOf(38, 0), minuteOf(40, 0));
    expect(detectUsage(hourlyEnergy(minutes), calendar)).toEqual([]);
  });
});
