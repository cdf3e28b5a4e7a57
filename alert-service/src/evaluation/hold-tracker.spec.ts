import { ManualClock } from '@energy/service-kit';
import { HoldTracker } from './hold-tracker';

describe(HoldTracker.name, () => {
  const holdMs = 10_000;

  it('raises once the breach has lasted the whole hold time, not before', () => {
    const clock = new ManualClock();
    const tracker = new HoldTracker();
    const raised: number[] = [];
    for (let s = 0; s <= 30; s++) {
      if (tracker.observe('1:k', clock.now(), 'breach', holdMs)) raised.push(s);
      clock.advance(1_000);
    }
    // After raising, the tracker starts a new hold; the alerts service refuses a second open alert.
    expect(raised[0]).toBe(10);
  });

  it('ignores an inrush spike shorter than the hold', () => {
    const clock = new ManualClock();
    const tracker = new HoldTracker();
    const verdicts = ['breach', 'breach', 'breach', 'clear', 'clear'] as const;
    expect(verdicts.some((v) => tracker.observe('1:k', clock.advance(1_000), v, holdMs))).toBe(false);
  });

  it('restarts the hold when the value dips into the hysteresis band', () => {
    const clock = new ManualClock();
    const tracker = new HoldTracker();
    for (let i = 0; i < 9; i++) expect(tracker.observe('1:k', clock.advance(1_000), 'breach', holdMs)).toBe(false);
    expect(tracker.observe('1:k', clock.advance(1_000), 'between', holdMs)).toBe(false);
    expect(tracker.breachingFor('1:k', clock.now())).toBeNull();
    expect(tracker.observe('1:k', clock.advance(1_000), 'breach', holdMs)).toBe(false);
  });

  it('keeps keys apart and raises at once with a zero hold', () => {
    const tracker = new HoldTracker();
    expect(tracker.observe('1:a', 0, 'breach', 0)).toBe(true);
    expect(tracker.observe('1:b', 0, 'clear', 0)).toBe(false);
  });
});
