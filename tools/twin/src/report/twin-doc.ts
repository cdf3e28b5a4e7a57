import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export const TABLE_START = '<!-- twin-table:start -->';
export const TABLE_END = '<!-- twin-table:end -->';

/** The machine as detected, never typed by hand. */
export function machineFacts(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`;
}

/** Replaces what lies between the table markers in `doc` (the markers stay). */
export function replaceTableSection(doc: string, markdown: string): string {
  const at = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (at < 0 || end < at) throw new Error(`the document has no ${TABLE_START} … ${TABLE_END} section`);
  return `${doc.slice(0, at + TABLE_START.length)}\n${markdown.trim()}\n${doc.slice(end)}`;
}

export function writeTableSection(path: string, markdown: string): void {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  writeFileSync(path, replaceTableSection(readFileSync(path, 'utf8'), markdown));
}
