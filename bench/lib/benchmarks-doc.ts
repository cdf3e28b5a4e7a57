import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@energy/stack';
import { coreCount, loadAverages, machineDescription } from './machine';

export const BENCHMARKS_DOC = join(REPO_ROOT, 'docs', 'benchmarks.md');
export const SCALING_DOC = join(REPO_ROOT, 'docs', 'scaling.md');

/** Replaces (or appends) the section between `<!-- name:start -->` and `<!-- name:end -->` of a doc. */
export function writeDocSection(file: string, name: string, markdown: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\nEvery figure here was printed by a script in `bench/` on the machine named in its section.\n';
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const at = doc.indexOf(start);
  const next = at >= 0 ? doc.slice(0, at) + block + doc.slice(doc.indexOf(end) + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}

/** Replaces (or appends) a section of docs/benchmarks.md. */
export function writeBenchmarkSection(name: string, markdown: string): void {
  writeDocSection(BENCHMARKS_DOC, name, markdown);
}

/** Taken when a bench starts, before its own processes load the machine. */
const loadAtStart = { text: loadAverages(), oneMinute: loadavg()[0]! };

/** The machine as detected: cores, CPU, memory, Node, and the load averages when the bench started (1 / 5 / 15 min). */
export function machineLine(): string {
  return `${machineDescription()}; load average ${loadAtStart.text} (1 / 5 / 15 min) on ${coreCount()} cores when the bench started${busyNote()}`;
}

function busyNote(): string {
  return loadAtStart.oneMinute / coreCount() >= 0.5 ? ', so other work was competing for the CPUs' : '';
}
