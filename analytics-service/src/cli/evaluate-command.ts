import { basename } from 'node:path';
import { ProgressLine, progressBar } from '@energy/service-kit';
import { scoreDayAhead, type DayAheadScore } from '../evaluation/day-ahead-backtest';
import { hourlyEnergy } from '../series/hourly-energy';
import { readDatasetFile } from '../series/read-dataset-file';
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
  anomalies: Record<string, { precision: number; recall: number }>;
  falseAlarmsPerWeek: number | null;
}

export function runEvaluate(options: EvaluateOptions): number {
  const minutes = readDatasetFile(options.csvPath);
  const hours = hourlyEnergy(minutes);
  const progress = new ProgressLine();
  const forecast = scoreDayAhead(hours.kwh, {
    scoreCandidatesAlone: !options.json,
    onProgress: (done, total) => {
      if (done % 24 === 0 || done === total) progress.update(`forecast replay ${progressBar(done, total)}`);
    },
  });
  progress.done(`forecast replay done: ${forecast.hours} hours`);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(evaluationJson(forecast))}\n`);
    return 0;
  }
  process.stdout.write(`${formatForecastReport(basename(options.csvPath), minutes, hours, forecast)}\n`);
  return 0;
}

export function evaluationJson(forecast: DayAheadScore): EvaluationJson {
  const r4 = (v: number) => Number(v.toFixed(4));
  return {
    forecast: {
      maeKwh: r4(forecast.maeKwh),
      baselines: { lastWeek: r4(forecast.baselines.lastWeek), yesterday: r4(forecast.baselines.yesterday), mean4Weeks: r4(forecast.baselines.mean4Weeks) },
      bandCoverage: r4(forecast.bandCoverage),
    },
    anomalies: {},
    falseAlarmsPerWeek: null,
  };
}
