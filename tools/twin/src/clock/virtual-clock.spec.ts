import { VirtualClock } from './virtual-clock';

describe(VirtualClock.name, () => {
  const realNow = 1_760_000_000_000;

  it('starts in the past and moves forward in whole milliseconds, telling its listeners', () => {
    const clock = new VirtualClock(realNow - 3_600_000, () => realNow);
    const seen: number[] = [];
    clock.onAdvance((ms) => seen.push(ms));
    clock.advanceTo(realNow - 3_600_000 + 1_000.2);
    expect(clock.nowMs).toBe(realNow - 3_600_000 + 1_001);
    expect(clock.elapsedMs).toBe(1_001);
    expect(seen).toEqual([realNow - 3_600_000 + 1_001]);
  });

  it('never goes backwards', () => {
    const clock = new VirtualClock(realNow - 10_000, () => realNow);
    clock.advanceTo(realNow - 5_000);
    clock.advanceTo(realNow - 8_000);
    expect(clock.nowMs).toBe(realNow - 5_000);
  });

  it('refuses to pass the real clock, and to start ahead of it', () => {
    const clock = new VirtualClock(realNow - 10_000, () => realNow);
    expect(() => clock.advanceTo(realNow + 1)).toThrow(/pass the real clock/);
    expect(() => new VirtualClock(realNow + 1, () => realNow)).toThrow(/ahead of the real clock/);
  });
});
