import { LocalCalendar } from '../series/local-calendar';
import { minuteOf, setMinute, syntheticMinutes } from '../testing/synthetic-minutes';
import { detectLongRunning } from './long-running-detector';

describe(detectLongRunning.name, () => {
  const calendar = new LocalCalendar('UTC');
  /** A 2 kW heater that runs 2 h every day, and on day 35 runs `hours` instead. */
  const heater = (hours: number) => {
    const minutes = syntheticMinutes(40);
    for (let day = 0; day < 40; day++) {
      const length = day === 35 ? hours * 60 : 120;
      for (let i = minuteOf(day, 9); i < minuteOf(day, 9) + length; i++) setMinute(minutes, i, minutes.powerW[i]! + 2000);
    }
    return detectLongRunning(minutes, 200, calendar);
  };

  it('flags a load on far longer than it has ever been', () => {
    const [finding, ...rest] = heater(6);
    expect(rest).toEqual([]);
    expect(finding!.sentence).toMatch(/^Above [\d.]+ kW for 6 h 00 min from Mon 5 Feb 09:00; the longest before was 2 h 00 min\.$/);
  });

  it('lets a run a little longer than usual pass', () => {
    expect(heater(3)).toEqual([]);
  });

  it('never joins a run across missing minutes', () => {
    const minutes = syntheticMinutes(40);
    for (let day = 0; day < 40; day++) for (let i = minuteOf(day, 9); i < minuteOf(day, 11); i++) setMinute(minutes, i, minutes.powerW[i]! + 2000);
    for (let i = minuteOf(35, 11); i < minuteOf(35, 15); i++) minutes.powerW[i] = Number.NaN;
    for (let i = minuteOf(35, 15); i < minuteOf(35, 17); i++) setMinute(minutes, i, minutes.powerW[i]! + 2000);
    expect(detectLongRunning(minutes, 200, calendar)).toEqual([]);
  });
});
