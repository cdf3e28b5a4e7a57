import { AckTracker } from './ack-tracker';

const s = (seq: number, oldestSeq?: number) => ({ seq, oldestSeq });

describe(AckTracker.name, () => {
  it('acks the highest contiguous seq', () => {
    const t = new AckTracker();
    expect(t.onStored('d', [s(1, 1), s(2, 1), s(3, 1)])).toBe(3);
  });

  it('holds the ack at a gap the device may still fill, then jumps when it is filled', () => {
    const t = new AckTracker();
    expect(t.onStored('d', [s(1, 1)])).toBe(1);
    expect(t.onStored('d', [s(3, 2), s(4, 2)])).toBeNull();
    expect(t.onStored('d', [s(2, 2)])).toBe(4);
  });

  it('skips a gap the device says it no longer holds (reboot or overflow)', () => {
    const t = new AckTracker();
    t.onStored('d', [s(10, 10)]);
    expect(t.onStored('d', [s(1000, 1000)])).toBe(1000);
  });

  it('re-sends the ack for a redelivered reading', () => {
    const t = new AckTracker();
    expect(t.onStored('d', [s(1, 1), s(2, 1)])).toBe(2);
    expect(t.onStored('d', [s(2, 1)])).toBe(2);
  });

  it('starts from what the device holds after an ingest restart', () => {
    const t = new AckTracker();
    expect(t.onStored('d', [s(500, 480)])).toBeNull();
    expect(t.onStored('d', Array.from({ length: 20 }, (_, i) => s(480 + i, 480)))).toBe(500);
  });

  it('keeps devices apart', () => {
    const t = new AckTracker();
    t.onStored('a', [s(1, 1)]);
    expect(t.onStored('b', [s(7, 7)])).toBe(7);
    expect(t.ackedThrough('a')).toBe(1);
  });
});
