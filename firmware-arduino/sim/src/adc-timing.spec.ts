import { AdcTimingRecorder } from './adc-timing';

describe('AdcTimingRecorder', () => {
  it('measures V-to-V and V-to-I in microseconds and counts long pauses apart', () => {
    const r = new AdcTimingRecorder(0, 1, 16);
    let cycle = 0;
    for (const pair of [8000, 8000, 8016, 50_000, 8000]) {
      r.conversionStarted(0, cycle);
      r.conversionStarted(1, cycle + 1720);
      cycle += pair;
    }
    r.conversionStarted(0, cycle);
    const s = r.stats();
    expect(s.pairs).toBe(4);
    expect(s.pairPeriodUs).toEqual({ mean: 500.25, min: 500, max: 501 });
    expect(s.iAfterVUs.mean).toBe(107.5);
    expect(s.pauses).toBe(1);
    expect(s.pauseUs.mean).toBe(3125);
    r.reset();
    expect(r.stats().pairs).toBe(0);
  });
});
