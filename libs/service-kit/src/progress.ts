/**
 * A one-line status for long CLI work: redrawn in place on a TTY, printed every `plainEveryMs`
 * otherwise (CI logs), and always once at the end.
 */
export class ProgressLine {
  private lastPlainMs = 0;
  private lastLength = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly plainEveryMs = 10_000,
  ) {}

  update(text: string): void {
    if (this.stream.isTTY) {
      const padded = text.padEnd(this.lastLength);
      this.lastLength = text.length;
      this.stream.write(`\r${padded}`);
      return;
    }
    const now = Date.now();
    if (now - this.lastPlainMs >= this.plainEveryMs) {
      this.lastPlainMs = now;
      this.stream.write(`${text}\n`);
    }
  }

  done(text: string): void {
    this.stream.write(this.stream.isTTY ? `\r${text.padEnd(this.lastLength)}\n` : `${text}\n`);
    this.lastLength = 0;
  }
}

/** `[#########.........]  45% 4,500/10,000` */
export function progressBar(done: number, total: number, width = 24): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')}`;
}
