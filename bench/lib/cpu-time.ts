import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process times in clock ticks; USER_HZ is 100 on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc; null where there is none. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after it start with field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime (fields 14, 15)
  } catch {
    return null;
  }
}

/** The pid of the first process whose command name is `name` (e.g. mariadbd), if any. */
export function pidOf(name: string): number | null {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) return Number(entry);
      } catch {
        // the process ended while we looked
      }
    }
  } catch {
    // no /proc
  }
  return null;
}

/** CPU used by a named set of processes between start() and stop(). */
export class CpuMeter {
  private readonly before = new Map<string, number>();

  constructor(private readonly pids: Record<string, number | null | undefined>) {}

  start(): void {
    for (const [name, pid] of Object.entries(this.pids)) {
      const s = pid ? cpuSeconds(pid) : null;
      if (s !== null) this.before.set(name, s);
    }
  }

  /** Seconds of CPU per process since start(); processes that could not be read are left out. */
  stop(): Record<string, number> {
    const used: Record<string, number> = {};
    for (const [name, start] of this.before) {
      const now = cpuSeconds(this.pids[name]!);
      if (now !== null) used[name] = now - start;
    }
    return used;
  }
}
