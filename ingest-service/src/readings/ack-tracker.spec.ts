import { AckTracker, type KeptSeq } from './ack-tracker';

const stored = (...seqs: number[]): KeptSeq[] => seqs.map((seq) => ({ seq, verified: false }));
const verified = (...seqs: number[]): KeptSeq[] => seqs.map((seq) => ({ seq, verified: true }));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A tracker fed like the service feeds it: each reading's claim on arrival, then what the batch kept. */
function device(t = new AckTracker(), id = 'd') {
  return {
    t,
    kept: (oldest: number | undefined, kept: KeptSeq[]) => {
      t.observeClaim(id, oldest);
      return t.onKept(id, kept);
    },
  };
}

describe(AckTracker.name, () => {
  it('acks the highest contiguous seq', () => {
    expect(device().kept(1, stored(1, 2, 3))).toBe(3);
  });

  it('holds the ack at a gap the device may still fill, then jumps when it is filled', () => {
    const d = device();
    expect(d.kept(1, stored(1))).toBe(1);
    expect(d.kept(2, stored(3, 4))).toBeNull();
    expect(d.kept(2, stored(2))).toBe(4);
  });

  it('skips a gap the device says it no longer holds (reboot or overflow)', () => {
    const d = device();
    d.kept(10, stored(10));
    expect(d.kept(1000, stored(1000))).toBe(1000);
  });

  it('re-sends the ack for a redelivery verified to be the reading kept', () => {
    const d = device();
    expect(d.kept(1, stored(1, 2))).toBe(2);
    expect(d.kept(1, verified(2))).toBe(2);
  });

  it('acks new readings while its last ack is still on its way to the device', () => {
    const d = device();
    expect(d.kept(1, stored(1, 2, 3))).toBe(3);
    expect(d.kept(1, stored(4))).toBe(4);
  });

  it('starts from what the device holds after an ingest restart', () => {
    const d = device();
    expect(d.kept(480, stored(500))).toBeNull();
    expect(d.kept(480, stored(...range(480, 499)))).toBe(500);
  });

  it('takes a device that sends no oldest_seq to hold nothing below what it just sent', () => {
    const d = device();
    expect(d.kept(undefined, stored(5, 6))).toBe(6);
    expect(d.kept(undefined, verified(6))).toBe(6);
  });

  it('keeps devices apart', () => {
    const t = new AckTracker();
    device(t, 'a').kept(1, stored(1));
    expect(device(t, 'b').kept(7, stored(7))).toBe(7);
    expect(t.ackedThrough('a')).toBe(1);
  });

  // Issue 13, defect 3: an ack covers every seq up to it, so it may cover only readings kept.
  describe('never acks a re-used seq before its new reading is kept', () => {
    it('after a reboot that re-uses seqs, acks only as far as the new readings are kept (was: its old mark, 2600)', () => {
      const d = device();
      expect(d.kept(1, stored(...range(1, 2600)))).toBe(2600);
      // The device resumed at 1001: 1001.. are new readings. Only 1001 is kept (quarantined) so far.
      expect(d.kept(1001, stored(1001))).toBe(1001);
      expect(d.kept(1001, stored(1003))).toBeNull();
      expect(d.kept(1001, stored(1002))).toBe(1003);
    });

    it('stops vouching for acked seqs when the device claims to hold older ones again', () => {
      const d = device();
      expect(d.kept(50, stored(...range(50, 100)))).toBe(100);
      expect(d.kept(101, stored(101))).toBe(101);
      // Rebooted with an old seq limit: it holds 60.. again. 60 comes back unchanged, the rest must too.
      expect(d.kept(60, verified(60))).toBe(60);
      expect(d.kept(60, verified(62))).toBeNull();
      expect(d.kept(60, verified(61))).toBe(62);
    });

    it('stops vouching when a seq at or below its ack fills a gap it had skipped', () => {
      const d = device();
      d.kept(1, stored(1, 2));
      expect(d.kept(10, stored(10, 11))).toBe(11); // 3..9 skipped: the device said it no longer held them
      expect(d.kept(5, stored(5))).toBe(5); // a re-used 5: only 5 is vouched for
      expect(d.kept(5, verified(11))).toBeNull();
    });
  });

  it('vouches for an ack decided earlier only while the device has not shown it holds other readings under it', () => {
    const d = device();
    expect(d.kept(1, stored(...range(1, 2600)))).toBe(2600);
    d.t.observeClaim('d', 2401); // it had heard acks up to 2400
    expect(d.t.vouchesFor('d', 2600)).toBe(true);
    expect(d.t.vouchesFor('d', 2601)).toBe(false);
    expect(d.t.vouchesFor('other', 1)).toBe(false);
    // Rebooted with its seq reservation lost: it holds 1001.. again, new readings under acked seqs.
    d.t.observeClaim('d', 1001);
    expect(d.t.vouchesFor('d', 2600)).toBe(false);
    expect(d.t.vouchesFor('d', 1000)).toBe(true);
  });
});
