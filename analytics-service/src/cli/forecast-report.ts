import type { DayAheadScore } from '../evaluation/day-ahead-backtest';
import type { HourlySeries } from '../series/hourly-energy';
import { HOUR_MS, type MinuteSeries } from '../series/minute-series';

const METHOD_LABELS: Record<string, string> = {
  'seasonal-median': 'seasonal median (3 days + 2 weeks)',
  'holt-winters': 'Holt-Winters (daily + weekly)',
  'hour-of-week-regression': 'hour-of-week regression',
};

/** The human-readable forecast part of `evaluate`. */
export function formatForecastReport(file: string, minutes: MinuteSeries, hours: HourlySeries, score: DayAheadScore): string {
  const missing = minutes.powerW.reduce((n, p) => n + (Number.isNaN(p) ? 1 : 0), 0);
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16) + 'Z';
  const lastWeek = score.baselines.lastWeek;
  const best = Math.min(score.baselines.lastWeek, score.baselines.yesterday, score.baselines.mean4Weeks);
  const row = (label: string, mae: number) => `  ${label.padEnd(44)} ${mae.toFixed(4).padStart(8)} ${(mae / lastWeek).toFixed(2).padStart(8)}`;
  const lines = [
    `${file}: ${minutes.powerW.length.toLocaleString('en')} minutes (${missing} missing), ${hours.kwh.length.toLocaleString('en')} hours, ${iso(hours.startMs)} to ${iso(hours.startMs + (hours.kwh.length - 1) * HOUR_MS)}`,
    '',
    `Day-ahead hourly forecast, last 4 weeks: ${score.hours} hours from ${iso(hours.startMs + score.fromHour * HOUR_MS)}, mean ${score.meanActualKwh.toFixed(3)} kWh/h`,
    `  ${'method'.padEnd(44)} ${'MAE kWh'.padStart(8)} ${'/ last wk'.padStart(8)}`,
    row('forecaster (method chosen again every hour)', score.maeKwh),
    row('baseline: same hour last week', score.baselines.lastWeek),
    row('baseline: same hour yesterday', score.baselines.yesterday),
    row('baseline: mean of last 4 same weekday-hours', score.baselines.mean4Weeks),
    ...Object.entries(score.candidateMaeKwh).map(([name, mae]) => row(`alone: ${METHOD_LABELS[name] ?? name}`, mae)),
    `  chosen: ${Object.entries(score.methodShare)
      .sort((a, b) => b[1] - a[1])
      .map(([name, share]) => `${METHOD_LABELS[name] ?? name} ${(share * 100).toFixed(0)} %`)
      .join(', ')}`,
    `  10–90 % band holds ${(score.bandCoverage * 100).toFixed(1)} % of actual hours`,
    '',
    'Targets:',
    `  MAE <= 0.75 x same hour last week       ${verdict(score.maeKwh <= 0.75 * lastWeek)} (${(score.maeKwh / lastWeek).toFixed(3)} x)`,
    `  MAE >= 5 % below the best baseline      ${verdict(score.maeKwh <= 0.95 * best)} (${((1 - score.maeKwh / best) * 100).toFixed(1)} % below)`,
    `  band holds 75–85 % of actual hours      ${verdict(score.bandCoverage >= 0.75 && score.bandCoverage <= 0.85)} (${(score.bandCoverage * 100).toFixed(1)} %)`,
  ];
  return lines.join('\n');
}

export const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
