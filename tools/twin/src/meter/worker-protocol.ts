/** Messages between the runner and a UNO worker (worker-meter.ts, uno-worker-main.ts). */
export type WorkerRequest = { id: number } & ({ op: 'run'; virtualMs: number } | { op: 'cut' } | { op: 'on'; virtualMs: number });

export interface WorkerReply {
  id: number;
  /** Lines finished since the last reply: text without "\n", and the virtual ms of its last byte. */
  lines: Array<[string, number]>;
  error?: string;
}
