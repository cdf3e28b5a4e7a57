/** Readings of one device are ordered by seq when they have one, else by time. */
export const orderKey = (r: { seq: number | null; tsMs: number }): number => r.seq ?? r.tsMs;
