import { basename } from 'node:path';
import { ProgressLine, progressBar } from '@energy/service-kit';
import { detectFindings } from '../anomalies/detect-findings';
import { scoreAnomalies, type AnomalyScore } from '../evaluation/anomaly-scoring';
import { scoreDayAhead, type DayAheadScore } from '../evaluation/day-ahead-backtest';
import { hourlyEnergy } from '../series/hourly-energy';
import { LocalCalendar } from '../series/local-calendar';
import { MINUTE_MS } from '../series/minute-series';
import { readDatasetFile } from '../series/read-dataset-file';
import { formatAnomalyReport } from './anomaly-report';
import { formatForecastReport } from './forecast-report';

export interface EvaluateOptions {
  csvPath: string;
  injectSeed?: number;
  json: boolean;
  timeZone: string;
}

/** The JSON the issue fixes: `--json` prints exactly this object. */
export interface EvaluationJson {
  forecast: { maeKwh: number; baselines: { lastWeek: number; yesterday: number; mean4Weeks: number }; bandCoverage: number };
  /** Empty without --inject. */
  anomalies: Record<string, { precision: number; recall: number }>;
  falseAlarmsPerWeek: number;
}

const WEEK_MS = 7 * 24 * 3_600_000;

export function runEvaluate(options: EvaluateOptions): number {
  const minutes = readDatasetFile(options.csvPath);
  const calendar = new LocalCalendar(options.timeZone);
  const hours = hourlyEnergy(minutes);
  const progress = new ProgressLine();
  const forecast = scoreDayAhead(hours.kwh, {
    scoreCandidatesAlone: !options.json,
    onProgress: (done, total) => {
      if (done % 24 === 0 || done === total) progress.update(`forecast replay ${progressBar(done, total)}`);
    },
  });
  progress.done(`forecast replay done: ${forecast.hours} hours`);
  let anomalies: AnomalyScore | null = null;
  if (options.injectSeed !== undefined) {
    anomalies = scoreAnomalies(minutes, calendar, options.injectSeed, (done, total) => progress.update(`anomaly injections ${progressBar(done, total)}`));
    progress.done(`anomaly injections done: ${anomalies.events.length} events`);
  }
  const untouched = anomalies?.untouchedFindings ?? detectFindings(minutes, calendar);
  const weeksOfData = (minutes.powerW.length * MINUTE_MS) / WEEK_MS;
  if (options.json) {
    process.stdout.write(`${JSON.stringify(evaluationJson(forecast, anomalies, untouched.length / weeksOfData))}\n`);
    return 0;
  }
  const file = basename(options.csvPath);
  process.stdout.write(`${formatForecastReport(file, minutes, hours, forecast)}\n\n${formatAnomalyReport(untouched, weeksOfData, anomalies, calendar, options.injectSeed)}\n`);
  return 0;
}

export function evaluationJson(forecast: DayAheadScore, anomalies: AnomalyScore | null, falseAlarmsPerWeek: number): EvaluationJson {
  const r4 = (v: number) => Number(v.toFixed(4));
  return {
    forecast: {
      maeKwh: r4(forecast.maeKwh),
      baselines: { lastWeek: r4(forecast.baselines.lastWeek), yesterday: r4(forecast.baselines.yesterday), mean4Weeks: r4(forecast.baselines.mean4Weeks) },
      bandCoverage: r4(forecast.bandCoverage),
    },
    anomalies: anomalies ? Object.fromEntries(Object.entries(anomalies.perKind).map(([kind, s]) => [kind, { precision: r4(s.precision), recall: r4(s.recall) }])) : {},
    falseAlarmsPerWeek: r4(falseAlarmsPerWeek),
  };
}
