import type { Finding } from '../anomalies/finding';
import type { AnomalyScore } from '../evaluation/anomaly-scoring';
import type { LocalCalendar } from '../series/local-calendar';
import { verdict } from './forecast-report';

/** The human-readable unusual-consumption part of `evaluate`. */
export function formatAnomalyReport(untouched: Finding[], weeksOfData: number, score: AnomalyScore | null, calendar: LocalCalendar, seed?: number): string {
  const perWeek = untouched.length / weeksOfData;
  const lines = [
    `Unusual consumption on the data as it is: ${untouched.length} findings in ${weeksOfData.toFixed(1)} weeks = ${perWeek.toFixed(2)} a week (every one counted as a false alarm; times in ${calendar.timeZone})`,
    ...untouched.map((f) => `  ${calendar.shortTime(f.startMs).padEnd(17)} ${f.kind.padEnd(21)} ${f.sentence}`),
  ];
  if (!score) {
    lines.push('', 'Injected anomalies: run with --inject SEED to measure precision and recall per kind.', '', 'Targets:');
  } else {
    lines.push(
      '',
      `Injected anomalies (seed ${seed}; each event in its own copy of the data; kinds and sizes in docs/analytics.md):`,
      `  ${'kind'.padEnd(21)} ${'events'.padStart(6)} ${'found'.padStart(6)} ${'findings'.padStart(8)} ${'correct'.padStart(7)} ${'precision'.padStart(9)} ${'recall'.padStart(6)}`,
      ...Object.entries(score.perKind).map(
        ([kind, s]) =>
          `  ${kind.padEnd(21)} ${String(s.events).padStart(6)} ${String(s.detected).padStart(6)} ${String(s.findings).padStart(8)} ${String(s.truePositives).padStart(7)} ${s.precision.toFixed(2).padStart(9)} ${s.recall.toFixed(2).padStart(6)}`,
      ),
    );
    const missed = score.events.filter((e) => !e.detected);
    if (missed.length > 0) lines.push(`  missed: ${missed.map((e) => `${e.kind} ${calendar.shortTime(e.startMs)} (${e.what})`).join('; ')}`);
    const worstP = Math.min(...Object.values(score.perKind).map((s) => s.precision));
    const worstR = Math.min(...Object.values(score.perKind).map((s) => s.recall));
    lines.push(
      '',
      'Targets:',
      `  precision >= 0.8 for every kind         ${verdict(worstP >= 0.8)} (lowest ${worstP.toFixed(2)})`,
      `  recall >= 0.8 for every kind            ${verdict(worstR >= 0.8)} (lowest ${worstR.toFixed(2)})`,
    );
  }
  lines.push(`  at most 1 false alarm a week            ${verdict(perWeek <= 1)} (${perWeek.toFixed(2)})`);
  return lines.join('\n');
}
