import { PendingReadings } from './pending-readings';

describe(PendingReadings.name, () => {
  it('releases what an ack covers and reports the oldest held seq', () => {
    const p = new PendingReadings(10);
    [1, 2, 3].forEach((s) => p.add(s, `r${s}`, 0));
    expect(p.ackThrough(2)).toBe(2);
    expect(p.oldestSeq()).toBe(3);
  });

  it('drops and counts the oldest when full', () => {
    const p = new PendingReadings(2);
    [1, 2, 3].forEach((s) => p.add(s, `r${s}`, 0));
    expect(p.dropped).toBe(1);
    expect(p.oldestSeq()).toBe(2);
  });

  it('re-sends oldest first, paced, and only what has waited long enough', () => {
    const p = new PendingReadings(10);
    p.add(1, 'a', 0);
    p.add(2, 'b', 0);
    p.add(3, 'c', 5_000);
    expect(p.due(1_000, 1, 10_000).map((e) => e.seq)).toEqual([1]);
    expect(p.due(1_000, 5, 10_000).map((e) => e.seq)).toEqual([2]);
    p.markAllUnsent();
    expect(p.due(1_000, 5, 10_001).map((e) => e.seq)).toEqual([1, 2, 3]);
  });
});
