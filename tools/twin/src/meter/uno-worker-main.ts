import { parentPort, workerData } from 'node:worker_threads';
import { LoadProfile, type LoadProfileOptions, UnoSim } from '@energy/uno-sim';
import type { WorkerRequest, WorkerReply } from './worker-protocol';

/** One UNO in avr8js, in its own thread: runs on request and hands back the lines it sent. */
const data = workerData as { hex: string; profile: LoadProfileOptions; startVirtualMs: number };
const sim = new UnoSim({ hex: data.hex, profile: new LoadProfile(data.profile), startVirtualMs: data.startVirtualMs });
let lines: Array<[string, number]> = [];
sim.onLine((text, ms) => lines.push([text, ms]));

parentPort!.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    if (request.op === 'run') sim.runUntil(request.virtualMs);
    else if (request.op === 'cut') sim.powerCut();
    else sim.powerOn(request.virtualMs);
    reply = { id: request.id, lines };
  } catch (err) {
    reply = { id: request.id, lines, error: (err as Error).message };
  }
  lines = [];
  parentPort!.postMessage(reply);
});
