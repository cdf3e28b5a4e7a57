// What the digital twin drives: a simulated UNO meter on a virtual clock. UnoSim runs the real
// HEX in avr8js (cycle-accurate, ~3-4 simulated s per wall s); HostMeterSim runs the same lib/
// code built for the host (hours in seconds) for scenarios that test only the pipeline.
import type { LoadProfile } from './load-profile';

export interface MeterSimOptions {
  /** What the meter measures over time (and its sensors). */
  profile: LoadProfile;
  /** Virtual ms of the first power-up. */
  startVirtualMs: number;
  /** The UNO's 1 KiB EEPROM, kept (and updated in place) across power cuts. Default: blank (0xFF). */
  eeprom?: Uint8Array;
}

/** A UART line without its "\n", and the virtual ms its last byte finished on the wire. */
export type LineListener = (line: string, virtualMs: number) => void;

export interface MeterSim {
  /** Runs the meter up to virtualMs (only the clock moves while the power is off). */
  runUntil(virtualMs: number): void;
  onLine(cb: LineListener): void;
  /** Mains cut at the time reached: the UNO stops at once, a line still on the wire is lost. */
  powerCut(): void;
  /** Power back at virtualMs (>= the time reached): a reset, EEPROM kept. */
  powerOn(virtualMs: number): void;
  readonly eeprom: Uint8Array;
  /** The virtual ms reached so far. */
  readonly nowMs: number;
  readonly powered: boolean;
}

/** 9600 baud on a 16 MHz UNO is really 16e6 / (8 * 208) = 9615 baud: 10 bits take 1.04 ms. */
export const UART_BYTE_MS = (8 * 208 * 10) / 16000;
