import { leastAbsoluteDeviations, weightedLeastSquares } from './least-squares';

describe(weightedLeastSquares.name, () => {
  it('recovers the coefficients of an exact linear relation', () => {
    const rows = Array.from({ length: 20 }, (_, i) => [1, i, (i * 7) % 5]);
    const y = rows.map(([, a, b]) => 2 + 0.5 * a! - 3 * b!);
    const beta = weightedLeastSquares(rows, y);
    expect(beta[0]).toBeCloseTo(2, 6);
    expect(beta[1]).toBeCloseTo(0.5, 6);
    expect(beta[2]).toBeCloseTo(-3, 6);
  });
});

describe(leastAbsoluteDeviations.name, () => {
  it('is not dragged by a few wild values, unlike least squares', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [1, i]);
    const y = rows.map(([, x]) => 1 + 2 * x!);
    y[5] = 500;
    y[30] = -400;
    const lad = leastAbsoluteDeviations(rows, y, 30);
    const ls = weightedLeastSquares(rows, y);
    expect(lad[1]).toBeCloseTo(2, 2);
    expect(Math.abs(ls[1]! - 2)).toBeGreaterThan(0.5);
  });
});
