import { EnergyBuckets } from './energy-buckets';

/** One UART line as the twin saw it leave the UNO and reach (or not) the ESP32. */
export interface UartLineRecord {
  /** The UNO's boot number, from the line. */
  boot: number;
  /** The line's energy_wh: what the meter measured since that boot. */
  energyWh: number;
  powerW: number;
  voltageV?: number;
  currentA?: number;
  /** Virtual UTC ms at which its last byte reached the ESP32: the reading's timestamp. */
  atMs: number;
  /** Every byte of it reached one running ESP32 process. */
  received: boolean;
}

/** Energy the meter measured that no line carried to the ESP32 (the partial second before a cut). */
export interface UnreportedSpan {
  boot: number | null;
  fromMs: number;
  toMs: number;
  /** From the meter's own counter when the stand-in can tell, else null (the caller uses the physical truth). */
  wh: number | null;
}

/**
 * A device's stored history starts at its first reading: the ingest has no interval before it, so
 * the energy its meter measured before that first line (a second or so at power-up) is listed as
 * `beforeHistoryWh`, not owed. Issue 13's design note counts it; the ingest books none, by design
 * (a first reading's meter_wh may hold weeks counted before the device existed: docs/twin.md, "The
 * device's first reading"). Set this to false to hold the system to the note (every first reading
 * then fails by that line's energy).
 */
export const HISTORY_STARTS_AT_FIRST_READING = true;

/**
 * "Energy the meter measured" for one device: the energy of every UART line the ESP32 received
 * completely, attributed to (previous received line of the same boot, this line], or for the first
 * one after a UNO boot to (boot, this line]. Stored kWh must equal this to 0.01 %.
 */
export class MeterLedger {
  readonly measured: EnergyBuckets;
  readonly lines: UartLineRecord[] = [];
  readonly unreported: UnreportedSpan[] = [];
  /** Virtual ms of every UNO power-up or reset. */
  readonly boots: number[] = [];
  /** The energy of the device's first received line, when its history starts there. */
  beforeHistoryWh = 0;
  /** Virtual ms of the device's first received line: where its stored history starts. */
  historyStartMs: number | null = null;
  private bootAtMs: number | null = null;
  private boot: number | null = null;
  private lastReceived: UartLineRecord | null = null;

  constructor(
    timeZone: string,
    private readonly historyStartsAtFirstReading = HISTORY_STARTS_AT_FIRST_READING,
  ) {
    this.measured = new EnergyBuckets(timeZone);
  }

  /**
   * The spans the owed energy covers: per UNO boot, from the boot (or, for the device's first, from
   * where its history starts) to the last line the ESP32 received. The partial seconds after them,
   * before a cut or reset, are `unreported`.
   */
  readonly owedSpans: Array<{ fromMs: number; toMs: number }> = [];

  get receivedLines(): UartLineRecord[] {
    return this.lines.filter((l) => l.received);
  }

  /** The UNO got power (or came out of reset) at this virtual time. */
  unoStarted(atMs: number): void {
    this.boots.push(atMs);
    this.bootAtMs = atMs;
    this.boot = null;
    this.lastReceived = null;
  }

  line(record: UartLineRecord): void {
    if (this.bootAtMs === null) throw new Error('a UART line before the UNO started');
    if (this.boot !== null && record.boot !== this.boot) throw new Error(`boot number changed from ${this.boot} to ${record.boot} without a restart`);
    this.boot = record.boot;
    this.lines.push(record);
    if (!record.received) return;
    const previous = this.lastReceived;
    const fromMs = previous ? previous.atMs : this.bootAtMs;
    if (previous) this.owedSpans.at(-1)!.toMs = record.atMs;
    else this.owedSpans.push({ fromMs: this.historyStartMs === null && this.historyStartsAtFirstReading ? record.atMs : this.bootAtMs, toMs: record.atMs });
    const wh = previous ? record.energyWh - previous.energyWh : record.energyWh;
    if (wh < -1e-9) throw new Error(`the meter's counter went back within boot ${record.boot} (${previous?.energyWh} -> ${record.energyWh} Wh)`);
    this.lastReceived = record;
    if (this.historyStartMs === null) {
      this.historyStartMs = record.atMs;
      if (this.historyStartsAtFirstReading) {
        this.beforeHistoryWh = wh;
        return;
      }
    }
    this.measured.addLinear(fromMs, record.atMs, wh);
  }

  /** Power cut or UNO reset: whatever it measured after the last received line is never reported. */
  unoStopped(atMs: number, meterEnergyWh: number | null = null): void {
    if (this.bootAtMs === null) return;
    const fromMs = this.lastReceived?.atMs ?? this.bootAtMs;
    const wh = meterEnergyWh === null ? null : meterEnergyWh - (this.lastReceived?.energyWh ?? 0);
    if (atMs > fromMs) this.unreported.push({ boot: this.boot, fromMs, toMs: atMs, wh });
    this.bootAtMs = null;
    this.boot = null;
    this.lastReceived = null;
  }
}
