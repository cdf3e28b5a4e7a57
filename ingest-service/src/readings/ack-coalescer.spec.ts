import { AckCoalescer } from './ack-coalescer';

/** A coalescer on a hand-moved clock; the interval timer is stopped so only explicit flushes run. */
function coalescer(windowMs = 1_000, stillTrue?: (deviceId: string, seq: number) => boolean) {
  let now = 0;
  const sent: Array<[string, number, number]> = [];
  const c = new AckCoalescer(windowMs, (deviceId, seq) => sent.push([deviceId, seq, now]), stillTrue, () => now);
  return {
    c,
    sent,
    at(ms: number) {
      now = ms;
      c.flushDue();
    },
    stop: () => {
      sent.length = 0;
      c.close();
    },
  };
}

describe(AckCoalescer.name, () => {
  it('sends the first ack of a device at once', () => {
    const t = coalescer();
    t.c.offer('a', 5);
    expect(t.sent).toEqual([['a', 5, 0]]);
    t.stop();
  });

  it('turns the acks of a 30-reading run, committed over six batches, into two: the first at once, the last one window later', () => {
    const t = coalescer();
    for (let batch = 0; batch < 6; batch++) {
      t.at(batch * 150);
      t.c.offer('a', (batch + 1) * 5);
    }
    t.at(999);
    expect(t.sent).toEqual([['a', 5, 0]]);
    t.at(1_000);
    expect(t.sent).toEqual([
      ['a', 5, 0],
      ['a', 30, 1_000],
    ]);
    expect(t.c.waitingCount).toBe(0);
    t.stop();
  });

  it('never sends more than one ack per device per window, and never holds one longer than the window', () => {
    const t = coalescer(500);
    for (let ms = 0; ms <= 5_000; ms += 10) {
      t.at(ms);
      t.c.offer('a', ms);
      t.c.offer('b', ms);
    }
    t.at(5_500);
    for (const device of ['a', 'b']) {
      const times = t.sent.filter(([d]) => d === device).map(([, , at]) => at);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(500);
      expect(times.length).toBe(12); // 0, 500, ..., 5000 and the last offer's at 5500
      // The last offer was answered within the window.
      expect(t.sent.filter(([d]) => d === device).at(-1)).toEqual([device, 5_000, 5_500]);
    }
    t.stop();
  });

  it('drops a held ack that no longer holds when its window ends (the device re-used those seqs meanwhile)', () => {
    let rebooted = false;
    const t = coalescer(1_000, (_device, seq) => !rebooted || seq <= 1_000);
    t.c.offer('a', 100);
    t.at(200);
    t.c.offer('a', 2_600);
    rebooted = true;
    t.at(1_000);
    expect(t.sent).toEqual([['a', 100, 0]]);
    expect(t.c.waitingCount).toBe(0);
    t.stop();
  });

  it('drops a held ack when a reading at or below it arrives before it goes (a re-send, or a re-used seq): the commit of that reading decides again', () => {
    const t = coalescer();
    t.c.offer('a', 10);
    t.c.offer('a', 20);
    t.c.arrived('a', 21); // above the held ack: no doubt about it
    t.c.arrived('b', 5); // another device
    expect(t.c.waitingCount).toBe(1);
    t.c.arrived('a', 15);
    t.at(1_000);
    expect(t.sent).toEqual([['a', 10, 0]]);
    t.stop();
  });

  it('sends every held ack on close (shutdown after the last commit)', () => {
    const t = coalescer();
    t.c.offer('a', 1);
    t.c.offer('a', 2);
    t.c.offer('b', 9);
    t.c.offer('b', 10);
    t.c.close();
    expect(t.sent).toEqual([
      ['a', 1, 0],
      ['b', 9, 0],
      ['a', 2, 0],
      ['b', 10, 0],
    ]);
  });
});
