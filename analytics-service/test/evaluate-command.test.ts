import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvaluationJson } from '../src/cli/evaluate-command';
import { requireDevDataset } from './dev-dataset';
import { runAnalyticsCli } from './run-analytics-cli';

describe('npm run analytics -- evaluate', () => {
  it('meets the forecast targets on the real dev file, printing exactly the JSON shape of the issue', () => {
    const run = runAnalyticsCli(['evaluate', '--csv', requireDevDataset(), '--json']);
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as EvaluationJson;
    expect(Object.keys(result)).toEqual(['forecast', 'anomalies', 'falseAlarmsPerWeek']);
    expect(Object.keys(result.forecast)).toEqual(['maeKwh', 'baselines', 'bandCoverage']);
    expect(Object.keys(result.forecast.baselines)).toEqual(['lastWeek', 'yesterday', 'mean4Weeks']);
    // The dataset README's baseline figures, reproduced.
    expect(result.forecast.baselines).toEqual({ lastWeek: 0.9303, yesterday: 0.7245, mean4Weeks: 0.7631 });
    const { maeKwh, baselines, bandCoverage } = result.forecast;
    expect(maeKwh).toBeLessThanOrEqual(0.75 * baselines.lastWeek);
    expect(maeKwh).toBeLessThanOrEqual(0.95 * Math.min(baselines.lastWeek, baselines.yesterday, baselines.mean4Weeks));
    expect(bandCoverage).toBeGreaterThanOrEqual(0.75);
    expect(bandCoverage).toBeLessThanOrEqual(0.85);
  });

  it('reads a plain .csv and says what is wrong with a file that is not in the format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'analytics-'));
    try {
      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, 'time,watts\n1,2\n');
      const run = runAnalyticsCli(['evaluate', '--csv', bad]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('the first line must be "ts_utc_ms,power_w,voltage_v,current_a"');
      expect(runAnalyticsCli(['evaluate']).status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
