import { normalFrom, seededRandom } from '@energy/service-kit';

/**
 * A household-like hourly series for specs: a night low, morning and evening peaks, busier weekends,
 * and noise. Index 0 is a Monday 00:00.
 */
export function syntheticHours(weeks: number, options: { seed?: number; noiseKwh?: number; levelKwh?: number } = {}): Float64Array {
  const random = seededRandom(options.seed ?? 1);
  const noise = options.noiseKwh ?? 0.1;
  const level = options.levelKwh ?? 1;
  const kwh = new Float64Array(weeks * 168);
  for (let t = 0; t < kwh.length; t++) kwh[t] = Math.max(0, level * typicalShape(t) + noise * normalFrom(random));
  return kwh;
}

/** The noiseless shape (kWh at level 1). */
export function typicalShape(t: number): number {
  const hour = t % 24;
  const weekend = Math.floor(t / 24) % 7 >= 5;
  const morning = hour >= 6 && hour < 9 ? 0.8 : 0;
  const evening = hour >= 18 && hour < 23 ? 1.2 : 0;
  return 0.4 + morning + evening + (weekend && hour >= 10 && hour < 18 ? 0.6 : 0);
}
