// The UNO's EEPROM as a byte array the caller owns, so it survives a simulated power cut and
// reset (what the boot counter needs). Same cell semantics as avr8js's EEPROMMemoryBackend:
// erase sets 0xFF, write can only clear bits.
import type { EEPROMBackend } from 'avr8js';

/** ATmega328P EEPROM. */
export const EEPROM_BYTES = 1024;

export function blankEeprom(): Uint8Array {
  return new Uint8Array(EEPROM_BYTES).fill(0xff);
}

export class EepromStore implements EEPROMBackend {
  constructor(readonly memory: Uint8Array) {
    if (memory.length !== EEPROM_BYTES) throw new Error(`the UNO's EEPROM is ${EEPROM_BYTES} bytes, got ${memory.length}`);
  }
  readMemory(addr: number): number {
    return this.memory[addr];
  }
  writeMemory(addr: number, value: number): void {
    this.memory[addr] &= value;
  }
  eraseMemory(addr: number): void {
    this.memory[addr] = 0xff;
  }
}
