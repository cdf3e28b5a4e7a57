import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadProfile, LineListener } from '@energy/uno-sim';
import type { TwinMeter } from './twin-meter';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

type Op = { op: 'run'; virtualMs: number } | { op: 'cut' } | { op: 'on'; virtualMs: number };

/**
 * The real UNO HEX in avr8js, in a worker thread of its own: a UNO is pure CPU (~3 simulated
 * seconds per wall second), so several run side by side on several cores.
 */
export class WorkerMeter implements TwinMeter {
  private readonly worker: Worker;
  private readonly listeners: LineListener[] = [];
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private nextId = 1;
  private on = true;
  private failure: Error | null = null;

  constructor(hex: string, profile: LoadProfile, startVirtualMs: number) {
    this.worker = new Worker(join(__dirname, 'uno-worker.cjs'), {
      workerData: { hex, startVirtualMs, profile: { steps: profile.steps, sensors: profile.sensors, seed: profile.seed, originMs: profile.originMs } },
    });
    this.worker.on('message', (reply: WorkerReply) => {
      for (const [text, ms] of reply.lines) for (const cb of this.listeners) cb(text, ms);
      const w = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.error) w?.reject(new Error(reply.error));
      else w?.resolve();
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => {
      if (this.waiting.size > 0) this.fail(new Error(`the UNO worker exited (code ${code})`));
    });
  }

  get powered(): boolean {
    return this.on;
  }

  runUntil(virtualMs: number): Promise<void> {
    return this.request({ op: 'run', virtualMs });
  }

  async powerCut(): Promise<void> {
    this.on = false;
    await this.request({ op: 'cut' });
  }

  async powerOn(virtualMs: number): Promise<void> {
    this.on = true;
    await this.request({ op: 'on', virtualMs });
  }

  onLine(cb: LineListener): void {
    this.listeners.push(cb);
  }

  async dispose(): Promise<void> {
    await this.worker.terminate();
  }

  private request(op: Op): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...op, id } as WorkerRequest);
    });
  }

  private fail(err: Error): void {
    this.failure = err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
