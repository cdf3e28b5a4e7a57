import { syntheticHours, typicalShape } from '../testing/synthetic-hours';
import { HoltWinters } from './holt-winters';

describe(HoltWinters.name, () => {
  it('learns the daily and weekly shape and forecasts a noiseless week almost exactly', () => {
    const kwh = syntheticHours(6, { noiseKwh: 0 });
    const lastKnown = 5 * 168 - 1;
    const fitted = new HoltWinters().fit(kwh, lastKnown)!;
    for (let target = lastKnown + 1; target < kwh.length; target++) expect(fitted.predict(lastKnown, target)).toBeCloseTo(typicalShape(target), 6);
  });

  it('follows a change of level', () => {
    const kwh = syntheticHours(8, { noiseKwh: 0.05 });
    for (let t = 6 * 168; t < kwh.length; t++) kwh[t]! += 1;
    const lastKnown = 8 * 168 - 25;
    const fitted = new HoltWinters().fit(kwh, lastKnown)!;
    const target = lastKnown + 24;
    expect(fitted.predict(lastKnown, target)).toBeGreaterThan(typicalShape(target) + 0.7);
  });

  it('needs three weeks of history', () => {
    expect(new HoltWinters().fit(syntheticHours(3), 3 * 168 - 2)).toBeNull();
  });
});
