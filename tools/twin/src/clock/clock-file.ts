import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

/**
 * The clock file the host-built ESP32s read their time from (firmware-esp32/host: 8 bytes,
 * little-endian uint64 virtual UTC ms at offset 0, mmapped read-only by the shim). One aligned 8-byte
 * pwrite per update, so a reader never sees a half-written value on Linux.
 */
export class ClockFile {
  private readonly buffer = Buffer.alloc(8);
  private fd: number | null;

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  static create(path: string, initialMs: number): ClockFile {
    const file = new ClockFile(path, openSync(path, 'w+'));
    file.write(initialMs);
    return file;
  }

  write(ms: number): void {
    if (this.fd === null) throw new Error(`clock file ${this.path} is closed`);
    this.buffer.writeBigUInt64LE(BigInt(Math.trunc(ms)), 0);
    writeSync(this.fd, this.buffer, 0, 8, 0);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** What a reader sees (tests, diagnostics). */
  static read(path: string): number {
    return Number(readFileSync(path).readBigUInt64LE(0));
  }
}
