import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../src/anomalies/finding';
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

  it('meets the unusual-consumption targets: every kind found with precision and recall of 0.8, at most one false alarm a week', () => {
    const run = runAnalyticsCli(['evaluate', '--csv', requireDevDataset(), '--inject', '1', '--json']);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as EvaluationJson;
    expect(Object.keys(result.anomalies).sort()).toEqual(['base_load_rise', 'flat_readings', 'implausible_readings', 'long_running', 'unusually_high', 'unusually_low']);
    for (const [kind, score] of Object.entries(result.anomalies)) {
      expect({ kind, ok: score.precision >= 0.8 && score.recall >= 0.8 }).toEqual({ kind, ok: true });
    }
    expect(result.falseAlarmsPerWeek).toBeLessThanOrEqual(1);
  });

  it('lists the week the house stood nearly empty (Sat 2007-02-24 to Fri 03-02, Paris time) as unusually low', () => {
    const run = runAnalyticsCli(['findings', '--csv', requireDevDataset(), '--tz', 'Europe/Paris', '--json']);
    expect(run.status).toBe(0);
    const findings = JSON.parse(run.stdout) as Finding[];
    const weekStart = Date.parse('2007-02-23T23:00:00Z');
    const weekEnd = Date.parse('2007-03-02T23:00:00Z');
    const low = findings.filter((f) => f.kind === 'unusually_low' && f.startMs < weekEnd && f.endMs > weekStart);
    const covered = low.reduce((sum, f) => sum + Math.min(f.endMs, weekEnd) - Math.max(f.startMs, weekStart), 0);
    expect(covered / (weekEnd - weekStart)).toBeGreaterThanOrEqual(0.9);
    expect(low[0]!.sentence).toMatch(/kWh in [\d.]+ days from .*, usually [\d.]+ kWh for the same days of the week\.$/);
  });

  it('prints findings as start, end, kind and the sentence', () => {
    const run = runAnalyticsCli(['findings', '--csv', requireDevDataset(), '--tz', 'Europe/Paris']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^start +end +kind +why \(times in Europe\/Paris\)$/m);
    expect(run.stdout).toMatch(/^2007-02-2\d \d\d:\d\d  2007-03-0\d \d\d:\d\d  unusually_low +[\d.]+ kWh in/m);
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
