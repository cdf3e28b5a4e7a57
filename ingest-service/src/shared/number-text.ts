/** Six-digit groups: the low part of a large integer is written zero-padded to this width. */
const GROUP = 1_000_000;
const PAD = ['', '0', '00', '000', '0000', '00000'];

/**
 * `String(n)`, faster for the integers above 2^31 that every reading carries (millisecond timestamps).
 * V8 keeps those as doubles and formats them through its general double-to-text path, ~4x slower than
 * the two small integers (Smis) they split into; the ingest writes several per reading (its row, its
 * telemetry). Same text for every number (number-text.spec.ts).
 */
export function numberText(n: number): string {
  if (n >= 2_147_483_648 && n < 1e15 && Math.floor(n) === n) {
    const high = Math.floor(n / GROUP);
    const low = String(n - high * GROUP);
    return String(high) + PAD[6 - low.length]! + low;
  }
  return String(n);
}
