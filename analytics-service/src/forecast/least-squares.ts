/**
 * Weighted least squares for a handful of predictors (normal equations, Gaussian elimination with
 * partial pivoting and a tiny ridge so a constant column cannot make it singular). simple-statistics
 * offers only one predictor, so this small solver is written here.
 */
export function weightedLeastSquares(rows: readonly number[][], y: readonly number[], weights?: readonly number[]): number[] {
  const p = rows[0]?.length ?? 0;
  const a = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const b = new Array<number>(p).fill(0);
  rows.forEach((x, i) => {
    const w = weights ? weights[i]! : 1;
    for (let r = 0; r < p; r++) {
      b[r]! += w * x[r]! * y[i]!;
      for (let c = 0; c < p; c++) a[r]![c]! += w * x[r]! * x[c]!;
    }
  });
  for (let r = 0; r < p; r++) a[r]![r]! += 1e-9 * (1 + a[r]![r]!);
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    for (let r = 0; r < p; r++) {
      if (r === col || a[col]![col] === 0) continue;
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c < p; c++) a[r]![c]! -= f * a[col]![c]!;
      b[r]! -= f * b[col]!;
    }
  }
  return b.map((v, i) => (a[i]![i] === 0 ? 0 : v / a[i]![i]!));
}

/**
 * Least absolute deviations by iteratively reweighted least squares: the fit that minimises the
 * absolute error, which is what the forecast is scored on, and which one wild hour cannot drag.
 */
export function leastAbsoluteDeviations(rows: readonly number[][], y: readonly number[], iterations = 10): number[] {
  let beta = weightedLeastSquares(rows, y);
  for (let it = 0; it < iterations; it++) {
    const weights = rows.map((x, i) => 1 / Math.max(1e-3, Math.abs(y[i]! - dot(x, beta))));
    beta = weightedLeastSquares(rows, y, weights);
  }
  return beta;
}

export const dot = (x: readonly number[], beta: readonly number[]): number => x.reduce((sum, v, i) => sum + v * beta[i]!, 0);
