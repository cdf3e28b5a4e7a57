import { hourlyMinimumW } from '../series/hourly-energy';
import { LocalCalendar } from '../series/local-calendar';
import { minuteOf, setMinute, syntheticMinutes } from '../testing/synthetic-minutes';
import { detectBaseLoadRise, nightlyBaseLoad } from './base-load-detector';

describe(detectBaseLoadRise.name, () => {
  const calendar = new LocalCalendar('UTC');
  const addFrom = (days: number, fromDay: number, toDay: number, extraW: number) => {
    const minutes = syntheticMinutes(days);
    for (let i = minuteOf(fromDay, 0); i < minuteOf(toDay, 0); i++) setMinute(minutes, i, minutes.powerW[i]! + extraW);
    return detectBaseLoadRise(nightlyBaseLoad(hourlyMinimumW(minutes), calendar), calendar);
  };

  it('reads each night\'s always-on load as the median of the night hours\' minimum', () => {
    const nights = nightlyBaseLoad(hourlyMinimumW(syntheticMinutes(3)), calendar);
    expect(nights.map((n) => n.date)).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    for (const night of nights) expect(night.baseW).toBeGreaterThan(170);
    for (const night of nights) expect(night.baseW).toBeLessThan(200);
  });

  it('flags a rise that holds three nights in a row', () => {
    const [finding, ...rest] = addFrom(28, 20, 24, 250);
    expect(rest).toEqual([]);
    expect(finding!.sentence).toMatch(/^Always-on load 4\d\d W over 4 nights from Sun 21 Jan 00:00, usually 1\d\d W/);
  });

  it('lets two odd nights pass', () => {
    expect(addFrom(28, 20, 22, 250)).toEqual([]);
  });
});
