import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseTwinEvent, type TwinEventLine } from './twin-event';

export interface Esp32ProcessOptions {
  /** firmware-esp32/build/host/energy_bridge */
  binary: string;
  /** NVS and LittleFS files: kept across restarts, as a real board keeps its flash. */
  stateDir: string;
  clockFile: string;
  /** `--set key=value` (NVS settings: device_id, secret, wifi_ssid, mqtt_host, mqtt_port, ...). */
  settings: Record<string, string>;
  faultsFile?: string;
  name: string;
  log: (line: string) => void;
}

/**
 * firmware-esp32/host: after every loop() that consumed UART bytes the shim prints
 * `#twin loop uart_bytes=N uart_total=T uptime_ms=U`, T counting every byte Serial2 delivered since
 * the process started; `#twin setup_done` once setup() returned.
 */
const LOOP_EVENT = 'loop';
const UART_TOTAL_FIELD = 'uart_total';
const READY_EVENT = 'setup_done';

interface Waiter {
  match: (e: TwinEventLine) => boolean;
  resolve: (e: TwinEventLine | null) => void;
  timer: NodeJS.Timeout;
}

/**
 * The real ESP32 sketch, built for the host, as one OS process: UART bytes from the UNO on its
 * stdin, its time from the twin's clock file, its flash in `stateDir`, `#twin` events on stderr.
 * A power cut is SIGKILL: nothing the sketch has not written to its (file-backed) flash survives.
 */
export class Esp32Process {
  private child: ChildProcess | null = null;
  private waiters: Waiter[] = [];
  private readonly counts = new Map<string, number>();
  private lastEventAt = 0;
  /** UART bytes written to the current process. */
  bytesWritten = 0;
  /** UART bytes the current process reports loop() ran to completion after. */
  private bytesTaken = 0;
  starts = 0;
  readonly exits: Array<{ code: number | null; signal: NodeJS.Signals | null; expected: boolean }> = [];
  private expectingExit = false;

  constructor(readonly options: Esp32ProcessOptions) {}

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** How many events of this name the current and earlier processes printed. */
  eventCount(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  /** Starts the sketch: setup() runs, then loop() forever. Resolves once setup() has returned. */
  async start(readyTimeoutMs = 10_000): Promise<void> {
    if (this.running) throw new Error(`${this.options.name} is already running`);
    mkdirSync(this.options.stateDir, { recursive: true });
    const args = ['--state', this.options.stateDir, '--clock', this.options.clockFile];
    for (const [key, value] of Object.entries(this.options.settings)) args.push('--set', `${key}=${value}`);
    if (this.options.faultsFile) args.push('--faults', this.options.faultsFile);
    const child = spawn(this.options.binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.bytesWritten = 0;
    this.bytesTaken = 0;
    this.expectingExit = false;
    this.starts++;
    child.stdin!.on('error', () => undefined); // EPIPE after a kill: the bytes were lost, as on a dead board
    // The shim prints its #twin events on stderr; stdout is the USB console (Serial).
    createInterface({ input: child.stdout! }).on('line', (line) => this.onOutput(line));
    createInterface({ input: child.stderr! }).on('line', (line) => this.onOutput(line));
    child.once('exit', (code, signal) => {
      this.exits.push({ code, signal, expected: this.expectingExit });
      if (!this.expectingExit) this.options.log(`exited unexpectedly (code ${code}, signal ${signal})`);
      if (this.child === child) this.child = null;
      for (const w of this.waiters.splice(0)) {
        clearTimeout(w.timer);
        w.resolve(null);
      }
    });
    child.once('error', (err) => this.options.log(`could not start: ${err.message}`));
    const ready = await this.waitFor((e) => e.name === READY_EVENT, readyTimeoutMs);
    if (!ready) {
      await this.kill();
      throw new Error(`${this.options.name}: setup() did not return within ${readyTimeoutMs} ms of starting`);
    }
  }

  /** UART bytes as they arrive on Serial2's RX pin. Dropped while the board is off. */
  write(bytes: string): boolean {
    if (!this.running) return false;
    this.child!.stdin!.write(bytes, 'latin1');
    this.bytesWritten += bytes.length;
    return true;
  }

  /** The next event after now that matches, or null on timeout or exit. */
  waitFor(match: (e: TwinEventLine) => boolean, timeoutMs: number): Promise<TwinEventLine | null> {
    if (!this.running) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        match,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(null);
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /**
   * Waits until the sketch reports that loop() ran to completion after every UART byte written so
   * far (the hold-up point of a power cut, and what makes a reading's ts the line's millisecond).
   * False on timeout or exit.
   */
  async awaitUartTaken(timeoutMs: number): Promise<boolean> {
    const wanted = this.bytesWritten;
    if (this.bytesTaken >= wanted) return true;
    return (await this.waitFor(() => this.bytesTaken >= wanted, timeoutMs)) !== null;
  }

  /** Power gone: SIGKILL and wait until the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.expectingExit = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /** Wall ms since the last event (a hung sketch shows here). */
  msSinceLastEvent(): number {
    return Date.now() - this.lastEventAt;
  }

  private onOutput(line: string): void {
    const event = parseTwinEvent(line);
    if (!event) {
      this.options.log(line);
      return;
    }
    this.lastEventAt = Date.now();
    if (event.name === LOOP_EVENT) {
      const taken = Number(event.fields[UART_TOTAL_FIELD]);
      if (Number.isFinite(taken) && taken > this.bytesTaken) this.bytesTaken = taken;
    }
    this.counts.set(event.name, (this.counts.get(event.name) ?? 0) + 1);
    for (const w of [...this.waiters]) {
      if (!w.match(event)) continue;
      clearTimeout(w.timer);
      this.waiters = this.waiters.filter((x) => x !== w);
      w.resolve(event);
    }
  }
}
