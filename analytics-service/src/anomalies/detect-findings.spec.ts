import { LocalCalendar } from '../series/local-calendar';
import { minuteOf, setMinute, syntheticMinutes } from '../testing/synthetic-minutes';
import { detectFindings } from './detect-findings';
import { FindingKind } from './finding';

describe(detectFindings.name, () => {
  const calendar = new LocalCalendar('UTC');

  it('gives one explanation per period: stuck readings, not the odd consumption they make', () => {
    const minutes = syntheticMinutes(42);
    const from = minuteOf(40, 12);
    // Stuck at an evening-sized value through a quiet afternoon: "high" if the values were believed.
    for (let i = from; i < from + 5 * 60; i++) setMinute(minutes, i, 1700, 231.25);
    const kinds = detectFindings(minutes, calendar).map((f) => f.kind);
    expect(kinds).toEqual([FindingKind.flatReadings]);
  });

  it('calls a load left on for hours a long run rather than high consumption', () => {
    const minutes = syntheticMinutes(42);
    for (let day = 0; day < 42; day++) {
      const length = day === 40 ? 8 * 60 : 120;
      for (let i = minuteOf(day, 9); i < minuteOf(day, 9) + length; i++) setMinute(minutes, i, minutes.powerW[i]! + 2000);
    }
    expect(detectFindings(minutes, calendar).map((f) => f.kind)).toEqual([FindingKind.longRunning]);
  });
});
