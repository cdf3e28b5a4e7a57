import { HoltWinters } from '../forecast/holt-winters';
import { SeasonalMedian } from '../forecast/seasonal-median';
import { syntheticHours } from '../testing/synthetic-hours';
import { scoreDayAhead } from './day-ahead-backtest';

// One scored week and cheap candidates keep this spec quick (jest's sandbox makes Math calls slow);
// the full replay on the real file is test/evaluate-command.test.ts.
describe(scoreDayAhead.name, () => {
  const cheap = () => [new SeasonalMedian(), new HoltWinters(8, 4, { alpha: [0.03], delta: [0.1], omega: [0.1] })];

  it('scores the last weeks day-ahead next to the baselines and beats them on household-like data', () => {
    const kwh = syntheticHours(8, { noiseKwh: 0.25, seed: 7 });
    const score = scoreDayAhead(kwh, { weeks: 1, methods: cheap, scoreCandidatesAlone: true });
    expect(score.fromHour).toBe(7 * 168);
    expect(score.hours).toBe(168);
    expect(score.maeKwh).toBeLessThan(score.baselines.lastWeek);
    expect(score.maeKwh).toBeLessThan(score.baselines.yesterday);
    expect(Object.keys(score.candidateMaeKwh).sort()).toEqual(['holt-winters', 'seasonal-median']);
    expect(Object.values(score.methodShare).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('never scores an unknown hour', () => {
    const kwh = syntheticHours(8, { seed: 8 });
    kwh.fill(Number.NaN, kwh.length - 24);
    expect(scoreDayAhead(kwh, { weeks: 1, methods: () => [new SeasonalMedian()] }).hours).toBe(168 - 24);
  });
});
