// The real UNO firmware (the HEX `make -C firmware-arduino hex` builds) running cycle-accurately in
// avr8js: Timer0 for millis(), Timer1 for the sampling schedule, the USART for the JSON lines, the
// EEPROM for the boot counter, and the ADC fed from a load profile at the simulated instant of
// each conversion.
import {
  ADCMuxInputType,
  AVRADC,
  AVREEPROM,
  AVRTimer,
  AVRUSART,
  CPU,
  adcConfig,
  avrInstruction,
  eepromConfig,
  timer0Config,
  timer1Config,
  usart0Config,
} from 'avr8js';
import type { ADCMuxInput } from 'avr8js';
import { AdcFrontEnd, CURRENT_CHANNEL, VOLTAGE_CHANNEL } from './adc-front-end';
import { AdcTimingRecorder, AdcTimingStats } from './adc-timing';
import { EepromStore, blankEeprom } from './eeprom-store';
import { loadIntelHex } from './intel-hex';
import type { LoadProfile } from './load-profile';
import type { LineListener, MeterSim, MeterSimOptions } from './meter-sim';

export const CPU_HZ = 16_000_000;
const CYCLES_PER_MS = CPU_HZ / 1000;
const SRAM_BYTES = 2048;
const U2X = 0x02; // UCSR0A: double speed, as Serial.begin(9600) sets it

export interface UnoSimOptions extends MeterSimOptions {
  /** The Intel HEX image: a path, or the file's text. */
  hex: string;
}

/** One powered-up UNO: a fresh CPU and peripherals, as after a reset. */
interface Board {
  cpu: CPU;
  bootMs: number;
  adc: AVRADC;
  timing: AdcTimingRecorder;
}

export class UnoSim implements MeterSim {
  readonly eeprom: Uint8Array;
  readonly profile: LoadProfile;
  private readonly flash: Uint16Array;
  private readonly listeners: LineListener[] = [];
  private board: Board | undefined;
  private reachedMs: number;
  private running = false;

  constructor(opts: UnoSimOptions) {
    const image = loadIntelHex(opts.hex);
    this.flash = new Uint16Array(image.buffer, image.byteOffset, image.length / 2);
    this.profile = opts.profile;
    this.eeprom = opts.eeprom ?? blankEeprom();
    this.reachedMs = opts.startVirtualMs;
    this.powerOn(opts.startVirtualMs);
  }

  get nowMs(): number {
    return this.reachedMs;
  }

  get powered(): boolean {
    return this.board !== undefined;
  }

  /** When this power-up began (virtual ms), undefined while off. */
  get bootMs(): number | undefined {
    return this.board?.bootMs;
  }

  /** The firmware's ADC timing since this power-up (or since resetAdcTiming()). */
  get adcTiming(): AdcTimingStats {
    if (!this.board) throw new Error('the UNO is off');
    return this.board.timing.stats();
  }

  resetAdcTiming(): void {
    this.board?.timing.reset();
  }

  onLine(cb: LineListener): void {
    this.listeners.push(cb);
  }

  runUntil(virtualMs: number): void {
    if (this.running) throw new Error('runUntil called from inside a line listener');
    if (virtualMs < this.reachedMs) throw new Error(`cannot run back to ${virtualMs} from ${this.reachedMs}`);
    const board = this.board;
    if (board) {
      const { cpu } = board;
      const endCycle = (virtualMs - board.bootMs) * CYCLES_PER_MS;
      this.running = true;
      try {
        while (cpu.cycles < endCycle) {
          avrInstruction(cpu);
          cpu.tick();
        }
      } finally {
        this.running = false;
      }
    }
    this.reachedMs = virtualMs;
  }

  powerCut(): void {
    // Dropping the board drops its pending clock events: a line still on the wire never arrives.
    this.board = undefined;
  }

  powerOn(virtualMs: number): void {
    if (this.board) throw new Error('the UNO is already on');
    if (virtualMs < this.reachedMs) throw new Error(`cannot power on at ${virtualMs}, the time reached is ${this.reachedMs}`);
    this.reachedMs = virtualMs;
    this.board = this.boot(virtualMs);
  }

  private boot(bootMs: number): Board {
    const cpu = new CPU(new Uint16Array(this.flash), SRAM_BYTES);
    const msAt = (cycle: number) => bootMs + cycle / CYCLES_PER_MS;
    new AVRTimer(cpu, timer0Config); // millis()
    new AVRTimer(cpu, timer1Config); // the sample pairs' schedule
    new AVREEPROM(cpu, new EepromStore(this.eeprom), eepromConfig);

    const usart = new AVRUSART(cpu, usart0Config, CPU_HZ);
    let line = '';
    usart.onByteTransmit = (byte: number) => {
      // avr8js hands over each byte as UDR is written; it has left the pin one character time later.
      if (byte !== 0x0a) {
        line += String.fromCharCode(byte);
        return;
      }
      const done = line;
      line = '';
      const finishCycle = cpu.cycles + cyclesPerChar(cpu);
      cpu.addClockEvent(() => this.emit(done, msAt(finishCycle)), finishCycle - cpu.cycles);
    };

    const adc = new AVRADC(cpu, adcConfig);
    const frontEnd = new AdcFrontEnd(this.profile);
    const timing = new AdcTimingRecorder(VOLTAGE_CHANNEL, CURRENT_CHANNEL, CYCLES_PER_MS / 1000);
    adc.onADCRead = (input: ADCMuxInput) => {
      const channel = input.type === ADCMuxInputType.SingleEnded ? input.channel : -1;
      timing.conversionStarted(channel, cpu.cycles);
      // The ADC samples the pin 1.5 ADC clocks after the conversion starts (13.5 for the first,
      // extended conversion after enabling): ATmega328P datasheet, 24.4.
      const conversionClocks = adc.sampleCycles / adc.prescaler;
      const sampleCycle = cpu.cycles + (conversionClocks === 25 ? 13.5 : 1.5) * adc.prescaler;
      const raw = frontEnd.read(channel, msAt(sampleCycle));
      cpu.addClockEvent(() => adc.completeADCRead(raw), adc.sampleCycles);
    };
    return { cpu, bootMs, adc, timing };
  }

  private emit(line: string, virtualMs: number): void {
    for (const cb of this.listeners) cb(line, virtualMs);
  }
}

/** CPU cycles one 8N1 character takes at the USART's current baud setting. */
function cyclesPerChar(cpu: CPU): number {
  const ubrr = (cpu.data[usart0Config.UBRRH] << 8) | cpu.data[usart0Config.UBRRL];
  const perBit = (ubrr + 1) * (cpu.data[usart0Config.UCSRA] & U2X ? 8 : 16);
  return perBit * 10;
}
