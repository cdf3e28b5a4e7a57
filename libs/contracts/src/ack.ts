import { z } from 'zod';

/**
 * `energy/{deviceId}/ack`, ingest -> device: every reading with `seq <= ack.seq` is durably stored
 * and the device may forget it. Sent only after the batch holding it has committed.
 */
export const ackSchema = z.strictObject({ seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });
export type Ack = z.infer<typeof ackSchema>;

export const encodeAck = (seq: number): string => JSON.stringify({ seq } satisfies Ack);
