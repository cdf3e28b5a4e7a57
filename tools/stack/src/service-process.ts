import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
const RUN_TS = join(REPO_ROOT, 'tools', 'run-ts.cjs');

export interface ServiceSpec {
  name: string;
  /** TypeScript entry point, relative to the repository root. */
  entry: string;
  args?: string[];
  /** Extra node flags, e.g. --cpu-prof when profiling a service. */
  nodeArgs?: string[];
  env: Record<string, string | undefined>;
  /** Polled until it answers 200; omit for processes without HTTP. */
  healthUrl?: string;
  /**
   * Its own process group, so a terminal's Ctrl+C reaches only the stack's process, which must then
   * stop the services itself (npm start does, in reverse start order, the broker last).
   */
  ownProcessGroup?: boolean;
}

export type LogSink = (service: string, line: string) => void;

/** Children still running, killed if the stack's own process exits (process.exit) without stopping them. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGTERM');
});

/** One service as its own OS process, with its output prefixed and kept for inspection. */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private readonly recent: string[] = [];
  exits: Array<{ code: number | null; signal: NodeJS.Signals | null; expected: boolean }> = [];
  private expectingExit = false;

  constructor(
    readonly spec: ServiceSpec,
    private readonly sink: LogSink,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines the process printed (both streams). */
  logs(): string[] {
    return [...this.recent];
  }

  async start(timeoutMs = 60_000): Promise<void> {
    const env = { ...process.env, ...this.spec.env };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
    const child = spawn(process.execPath, [...(this.spec.nodeArgs ?? []), RUN_TS, join(REPO_ROOT, this.spec.entry), ...(this.spec.args ?? [])], {
      cwd: REPO_ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: this.spec.ownProcessGroup ?? false,
    });
    this.child = child;
    live.add(child);
    this.expectingExit = false;
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        this.recent.push(line);
        if (this.recent.length > 2000) this.recent.splice(0, 1000);
        this.sink(this.spec.name, line);
      });
    }
    child.once('exit', (code, signal) => {
      live.delete(child);
      this.exits.push({ code, signal, expected: this.expectingExit });
      if (this.child === child) this.child = null;
    });
    if (this.spec.healthUrl) await this.waitHealthy(timeoutMs);
  }

  /** Sends a signal and waits for the exit; SIGKILL is a crash on purpose. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.expectingExit = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  async restart(timeoutMs?: number): Promise<void> {
    await this.stop();
    await this.start(timeoutMs);
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    let lastError = 'no answer yet';
    while (Date.now() < until) {
      if (!this.running) throw new Error(`${this.spec.name} exited during start-up:\n${this.recent.slice(-30).join('\n')}`);
      try {
        const res = await fetch(this.spec.healthUrl!, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) return;
        lastError = `HTTP ${res.status}: ${await res.text()}`;
      } catch (err) {
        lastError = (err as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.spec.name} not healthy after ${timeoutMs} ms (${lastError}):\n${this.recent.slice(-30).join('\n')}`);
  }
}
