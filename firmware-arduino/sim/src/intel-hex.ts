// Reads an Intel HEX image (what avr-objcopy -O ihex writes and avrdude flashes) into flash bytes.
import { readFileSync } from 'node:fs';

/** ATmega328P flash. */
export const FLASH_BYTES = 32 * 1024;

/** `hex` is the file's text (starting with ':') or a path to it. */
export function loadIntelHex(hex: string, flashBytes = FLASH_BYTES): Uint8Array {
  const text = hex.trimStart().startsWith(':') ? hex : readFileSync(hex, 'utf8');
  const flash = new Uint8Array(flashBytes).fill(0xff); // erased flash
  let base = 0;
  for (const [n, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith(':')) throw new Error(`intel hex line ${n + 1}: no ':'`);
    const bytes = Buffer.from(line.slice(1), 'hex');
    const length = bytes[0];
    if (bytes.length !== length + 5) throw new Error(`intel hex line ${n + 1}: length ${length} does not match`);
    const checksum = bytes.reduce((a, b) => (a + b) & 0xff, 0);
    if (checksum !== 0) throw new Error(`intel hex line ${n + 1}: bad checksum`);
    const address = (bytes[1] << 8) | bytes[2];
    const type = bytes[3];
    const data = bytes.subarray(4, 4 + length);
    if (type === 0x00) {
      const at = base + address;
      if (at + length > flashBytes) throw new Error(`intel hex line ${n + 1}: 0x${at.toString(16)} is beyond the flash`);
      flash.set(data, at);
    } else if (type === 0x01) {
      return flash;
    } else if (type === 0x02) {
      base = ((data[0] << 8) | data[1]) << 4;
    } else if (type === 0x04) {
      base = ((data[0] << 8) | data[1]) << 16;
    } // 0x03 / 0x05: start addresses, irrelevant for an AVR
  }
  return flash;
}
