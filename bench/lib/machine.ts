import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { Queryable } from '@energy/db';
import { round } from './stats';

/** What a benchmark ran on, detected: cores, CPU model, memory, Node. */
export function machineDescription(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`;
}

export const coreCount = (): number => cpus().length;

/** The 1, 5 and 15 minute load averages, e.g. "3.10 / 2.75 / 2.40". */
export function loadAverages(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

/** Busy and total jiffies of the whole machine so far (Linux /proc/stat); null elsewhere. */
function machineJiffies(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [, ...fields] = line.trim().split(/\s+/);
    const n = fields.map(Number);
    const idle = (n[3] ?? 0) + (n[4] ?? 0); // idle + iowait
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/**
 * CPU the whole machine spent between start() and stop(), in core-seconds, so a run can say how much
 * of it went to processes outside the path it measures (other work on a shared machine).
 */
export class MachineCpu {
  private before: { busy: number; total: number } | null = null;
  private startedMs = 0;

  start(): void {
    this.before = machineJiffies();
    this.startedMs = Date.now();
  }

  /** Busy core-seconds over the interval, or null without /proc. */
  stop(): { busySeconds: number; elapsedSeconds: number } | null {
    const after = machineJiffies();
    if (!this.before || !after) return null;
    const elapsedSeconds = (Date.now() - this.startedMs) / 1000;
    const share = (after.busy - this.before.busy) / Math.max(1, after.total - this.before.total);
    return { busySeconds: round(share * coreCount() * elapsedSeconds, 2), elapsedSeconds };
  }
}

/** e.g. "MariaDB 10.11.19, 128 MiB buffer pool, innodb_flush_log_at_trx_commit=1", asked of the server itself. */
export async function describeMariaDb(db: Pick<Queryable, 'query'>): Promise<string> {
  const [row] = await db.query<{ v: string; pool: number; flush: number }>('SELECT VERSION() AS v, @@innodb_buffer_pool_size AS pool, @@innodb_flush_log_at_trx_commit AS flush');
  return `MariaDB ${String(row!.v).replace(/-.*/, '')}, ${Math.round(Number(row!.pool) / 2 ** 20)} MiB buffer pool, innodb_flush_log_at_trx_commit=${row!.flush}`;
}
