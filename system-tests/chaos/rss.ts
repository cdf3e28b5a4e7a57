import { readFileSync } from 'node:fs';

/** Resident memory of a process in MiB, from /proc/<pid>/status VmRSS; null when it is gone. */
export function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export interface RssSample {
  atMs: number; // since the run started
  mib: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export interface RssVerdict {
  service: string;
  pid: number;
  samples: number;
  firstMedianMiB: number;
  lastMedianMiB: number;
  growth: number; // lastMedian / firstMedian - 1
  flat: boolean | null; // null: too few samples in the second half for this pid
}

/**
 * Per process lifetime (pid): over the second half of the run, leaving out the first warmUpMs of a
 * process started late (a restarted one), the median of the last half of its samples must be within
 * `tolerance` of the median of the first half. A pid with fewer than 6 such samples is not judged.
 */
export function judgeRss(series: Map<string, RssSample[]>, runMs: number, tolerance = 0.25, warmUpMs = 20_000): RssVerdict[] {
  const verdicts: RssVerdict[] = [];
  for (const [key, samples] of series) {
    const [service, pidText] = key.split('#');
    const born = samples[0]?.atMs ?? 0;
    const window = samples.filter((s) => s.atMs >= runMs / 2 && s.atMs >= born + warmUpMs);
    const half = Math.floor(window.length / 2);
    const first = median(window.slice(0, half).map((s) => s.mib));
    const last = median(window.slice(half).map((s) => s.mib));
    const judged = window.length >= 6;
    verdicts.push({
      service: service!,
      pid: Number(pidText),
      samples: window.length,
      firstMedianMiB: first,
      lastMedianMiB: last,
      growth: judged ? last / first - 1 : NaN,
      flat: judged ? last <= first * (1 + tolerance) : null,
    });
  }
  return verdicts;
}
