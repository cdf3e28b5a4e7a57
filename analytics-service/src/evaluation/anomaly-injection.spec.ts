import { FINDING_KINDS } from '../anomalies/finding';
import { LocalCalendar } from '../series/local-calendar';
import { syntheticMinutes } from '../testing/synthetic-minutes';
import { planInjections } from './anomaly-injection';
import { houseProfile } from './house-profile';

describe(planInjections.name, () => {
  const minutes = syntheticMinutes(56);
  const calendar = new LocalCalendar('UTC');
  const profile = houseProfile(minutes, calendar);
  const plan = { eventsPerKind: 4, warmUpDays: 28, gapHours: 48 };

  it.each(FINDING_KINDS)('draws %s events after the warm-up, the same for the same seed, each into its own copy', (kind) => {
    const first = planInjections(minutes, kind, 7, profile, [], plan);
    const again = planInjections(minutes, kind, 7, profile, [], plan);
    expect(first.length).toBeGreaterThan(0);
    expect(again.map((p) => p.event)).toEqual(first.map((p) => p.event));
    const original = minutes.powerW.slice();
    const copy = first[0]!.apply();
    expect(minutes.powerW).toEqual(original);
    for (const p of first) expect(p.event.startMs).toBeGreaterThanOrEqual(minutes.startMs + 28 * 86_400_000);
    const changed = copy.powerW.some((p, i) => p !== original[i]) || copy.voltageV.some((v, i) => v !== minutes.voltageV[i]);
    expect(changed).toBe(true);
  });

  it('keeps away from what the untouched data already flags and from missing minutes', () => {
    const gappy = syntheticMinutes(56);
    gappy.powerW.fill(Number.NaN, 40 * 1440, 56 * 1440);
    const avoid = [{ startMs: minutes.startMs + 28 * 86_400_000, endMs: minutes.startMs + 34 * 86_400_000 }];
    for (const p of planInjections(gappy, 'unusually_high', 3, profile, avoid, plan)) {
      expect(p.event.startMs).toBeGreaterThanOrEqual(avoid[0]!.endMs + 48 * 3_600_000);
      expect(p.event.endMs).toBeLessThanOrEqual(minutes.startMs + 40 * 86_400_000);
    }
  });
});
