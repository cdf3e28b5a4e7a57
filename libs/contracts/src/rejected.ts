import type { RejectCode } from './reading';

/** `energy/{deviceId}/rejected`, ingest -> bus: the dead letter for a refused reading. */
export interface RejectedMessage {
  device_id: string;
  code: RejectCode;
  reason: string;
  received_at: number;
  /** The refused payload, cut to 1 KiB, as text (invalid UTF-8 replaced). */
  payload: string;
}

export const REJECTED_PAYLOAD_EXCERPT_BYTES = 1024;
