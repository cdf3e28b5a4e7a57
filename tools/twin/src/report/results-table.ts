import type { ScenarioResult } from './scenario-result';

const duration = (ms: number): string => {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
};
const pct = (v: number): string => (Number.isFinite(v) ? (v < 0.0001 && v > 0 ? '<0.0001' : v.toFixed(4)) : '∞');

const HEADER = ['scenario', 'meter', 'devices', 'virtual', 'wall', 'readings', 'lost', 'dup', 'acked-not-stored', 'max hour err %', 'max day err %', 'physical err %', 'alerts', 'result'];

function cells(r: ScenarioResult): string[] {
  return [
    r.scenario,
    r.meter,
    String(r.devices),
    duration(r.virtualMs),
    duration(r.wallMs),
    r.readings.toLocaleString('en'),
    String(r.lost),
    String(r.duplicated),
    String(r.ackedNotStored),
    pct(r.maxHourErrorPct),
    pct(r.maxDayErrorPct),
    r.physicalErrorPct.toFixed(3),
    `${r.alertsFired}/${r.alertsExpected}`,
    r.pass ? 'PASS' : 'FAIL',
  ];
}

/** The table as aligned text for the terminal. */
export function formatTable(results: ScenarioResult[]): string {
  const rows = [HEADER, ...results.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The same table in Markdown, for docs/twin.md. */
export function markdownTable(results: ScenarioResult[]): string {
  const row = (r: string[]) => `| ${r.join(' | ')} |`;
  return [row(HEADER), row(HEADER.map((_, i) => (i < 2 || i === HEADER.length - 1 ? '---' : '---:'))), ...results.map((r) => row(cells(r)))].join('\n');
}

/** The meters' readings against the waveforms, per scenario, device and load. */
export function formatAccuracy(results: ScenarioResult[]): string {
  return results
    .filter((r) => r.accuracy.length > 0)
    .map((r) => `${r.scenario} (${r.meter}), each line against the waveforms' truth:\n${r.accuracy.map((a) => `  ${a}`).join('\n')}`)
    .join('\n');
}

/** Why each failed scenario failed, one line per cause. */
export function formatReasons(results: ScenarioResult[]): string {
  return results
    .filter((r) => !r.pass)
    .map((r) => `${r.scenario}:\n${r.reasons.map((n) => `  - ${n}`).join('\n')}`)
    .join('\n');
}

/** The details of every scenario that has any, one block per scenario. */
export function formatNotes(results: ScenarioResult[]): string {
  return results
    .filter((r) => r.notes.length > 0)
    .map((r) => `${r.scenario} (${r.pass ? 'PASS' : 'FAIL'}):\n${r.notes.map((n) => `  - ${n}`).join('\n')}`)
    .join('\n');
}
