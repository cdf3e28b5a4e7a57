import { join } from 'node:path';
import { type LoadProfile, UART_BYTE_MS } from '@energy/uno-sim';
import { Esp32Process } from '../esp32/esp32-process';
import { FaultFile } from '../esp32/fault-file';
import type { TwinMeter } from '../meter/twin-meter';
import { parseUartLine } from '../meter/uart-line';
import { MeterLedger } from '../truth/meter-ledger';

/** A line the UNO finished sending, waiting for the clock to reach it. */
export interface PendingLine {
  device: DeviceTwin;
  text: string;
  /** Exact virtual ms its last byte left the UNO. */
  endMs: number;
}

/** Virtual ms the ESP32 needs from power-up until Serial2 listens (ROM boot, setup()). */
export const ESP32_BOOT_MS = 300;

/**
 * One meter as installed: a simulated UNO, its ESP32 bridge (the real sketch as a process, with its
 * own flash directory and fault file), the load profile both see, and the ledger of what the meter
 * measured and handed over.
 */
export class DeviceTwin {
  readonly ledger: MeterLedger;
  readonly pending: PendingLine[] = [];
  readonly esp32: Esp32Process;
  readonly faults: FaultFile;
  /** Virtual ms from which the running ESP32 takes UART bytes; null while it is off. */
  private listeningSinceMs: number | null = null;
  /** Lines that reached the ESP32 only in part (it came up in the middle of one). */
  partialLines = 0;
  /** Lines the ESP32 did not confirm taking within the wait (the clock moved on anyway). */
  unconfirmedLines = 0;

  constructor(
    readonly index: number,
    readonly id: string,
    readonly profile: LoadProfile,
    readonly meter: TwinMeter,
    o: { timeZone: string; workDir: string; clockFile: string; esp32Binary: string; settings: Record<string, string>; log: (line: string) => void },
  ) {
    this.ledger = new MeterLedger(o.timeZone);
    const dir = join(o.workDir, id);
    this.faults = new FaultFile(join(dir, 'faults'));
    this.esp32 = new Esp32Process({
      binary: o.esp32Binary,
      stateDir: join(dir, 'flash'),
      clockFile: o.clockFile,
      settings: o.settings,
      faultsFile: this.faults.path,
      name: id,
      log: (line) => o.log(`${id}: ${line}`),
    });
    meter.onLine((text, endMs) => this.pending.push({ device: this, text, endMs }));
  }

  /** Neither board has power: nothing happens on this device until an event brings it back. */
  get dark(): boolean {
    return !this.meter.powered && !this.esp32.running;
  }

  /** The UNO comes up at `atMs` (power-up or reset). */
  async unoOn(atMs: number): Promise<void> {
    await this.meter.powerOn(atMs);
    this.ledger.unoStarted(atMs);
  }

  /** The UNO loses power (or resets) at `atMs`: a line on the wire is lost with it. */
  async unoOff(atMs: number): Promise<void> {
    await this.meter.powerCut();
    this.pending.length = 0;
    this.ledger.unoStopped(atMs);
  }

  async esp32On(atMs: number): Promise<void> {
    await this.esp32.start();
    this.listeningSinceMs = atMs + ESP32_BOOT_MS;
  }

  async esp32Off(): Promise<void> {
    this.listeningSinceMs = null;
    await this.esp32.kill();
  }

  /**
   * The clock has reached the line's last byte (`nowMs`): the ESP32 gets it, in whole if it was
   * listening when the line started, the tail only if it came up in the middle, nothing if it is off.
   * Waits until the sketch has taken the line, so the reading's ts is this very millisecond.
   */
  async deliver(line: PendingLine, nowMs: number, takeTimeoutMs: number): Promise<void> {
    const fields = parseUartLine(line.text);
    const bytes = `${line.text}\n`;
    const startMs = line.endMs - bytes.length * UART_BYTE_MS;
    const listening = this.listeningSinceMs !== null && this.esp32.running;
    const whole = listening && startMs >= this.listeningSinceMs!;
    if (listening && !whole && line.endMs >= this.listeningSinceMs!) {
      // The bytes that arrived after Serial2 started listening: a fragment the sketch must discard.
      const heard = Math.min(bytes.length, Math.floor((line.endMs - this.listeningSinceMs!) / UART_BYTE_MS));
      if (heard > 0) {
        this.esp32.write(bytes.slice(bytes.length - heard));
        await this.esp32.awaitUartTaken(takeTimeoutMs);
      }
      this.partialLines++;
    }
    if (whole) {
      this.esp32.write(bytes);
      if (!(await this.esp32.awaitUartTaken(takeTimeoutMs))) this.unconfirmedLines++;
    }
    this.ledger.line({ ...fields, atMs: nowMs, received: whole });
  }
}
