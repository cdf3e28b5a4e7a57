import { detectFindings } from '../anomalies/detect-findings';
import { LocalCalendar } from '../series/local-calendar';
import { readDatasetFile } from '../series/read-dataset-file';

export interface FindingsOptions {
  csvPath: string;
  timeZone: string;
  json: boolean;
}

/** `findings --csv FILE`: what the service would flag in a file, one line each: start, end, kind, sentence. */
export function runFindings(options: FindingsOptions): number {
  const calendar = new LocalCalendar(options.timeZone);
  const findings = detectFindings(readDatasetFile(options.csvPath), calendar);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(findings)}\n`);
    return 0;
  }
  const local = (ms: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: options.timeZone, dateStyle: 'short', timeStyle: 'short' }).format(ms);
  process.stdout.write(`${'start'.padEnd(16)}  ${'end'.padEnd(16)}  ${'kind'.padEnd(20)}  why (times in ${options.timeZone})\n`);
  for (const f of findings) process.stdout.write(`${local(f.startMs)}  ${local(f.endMs)}  ${f.kind.padEnd(20)}  ${f.sentence}\n`);
  process.stdout.write(`${findings.length} finding${findings.length === 1 ? '' : 's'}\n`);
  return 0;
}
