import { median, medianAbsoluteDeviation } from 'simple-statistics';

export interface RobustSummary {
  median: number;
  /** 1.4826 × MAD: the standard deviation a normal sample with this MAD would have. */
  spread: number;
  count: number;
}

/** Median and MAD-based spread (simple-statistics), robust to the odd unusual week among the references. */
export function robustSummary(values: readonly number[]): RobustSummary {
  return { median: median(values as number[]), spread: 1.4826 * medianAbsoluteDeviation(values as number[]), count: values.length };
}
