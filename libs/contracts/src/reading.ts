import { DEFAULT_MAX_PAYLOAD_BYTES } from './limits';
import { READING_JSON_SCHEMA } from './reading-json-schema';
import { readingProblems } from './reading-validator';

/**
 * One reading as published on `energy/{deviceId}/reading`.
 *
 * Two forms are accepted:
 * - the seed's legacy form, `{"Voltage": 227.5, "Current": 1.42}` (amperes), with no `seq`;
 * - the full form, which adds `seq` (and `oldest_seq`, the oldest reading the device still holds),
 *   `ts` and whatever the meter measures. The keys `Voltage` and `Current` stay so old receivers work.
 *
 * `energy_wh` is the ESP32's lifetime counter, best effort: it is saved to flash now and then, so
 * after a power cut it resumes from the last saved value. `meter_boot` and `meter_wh` (always
 * together) are exact: the UNO's boot number, kept in its EEPROM, and the energy the UNO measured
 * since that boot. The ingest books energy from them when both readings of an interval carry them.
 *
 * The limits and descriptions are READING_JSON_SCHEMA's, the schema docs/asyncapi.yaml publishes.
 * Top-level `data` and `pattern` keys are refused: Nest's MQTT deserializer would take them
 * for its own envelope.
 */
export interface Reading {
  seq?: number;
  oldest_seq?: number;
  ts?: number;
  Voltage: number;
  Current: number;
  power_w?: number;
  apparent_power_va?: number;
  power_factor?: number;
  energy_wh?: number;
  meter_boot?: number;
  meter_wh?: number;
}

// The interface names exactly the schema's fields (a compile error otherwise).
type SchemaFields = keyof typeof READING_JSON_SCHEMA.properties;
const sameFields: [SchemaFields] extends [keyof Reading] ? ([keyof Reading] extends [SchemaFields] ? true : never) : never = true;
void sameFields;

export class InvalidReadingError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'InvalidReadingError';
  }
}

/** The reading contract as a value: its JSON Schema and a validating parse of already-decoded JSON. */
export const readingSchema = {
  jsonSchema: READING_JSON_SCHEMA,
  /** Returns the value as a Reading, or throws InvalidReadingError naming every fault. */
  parse(value: unknown): Reading {
    const problems = readingProblems(value);
    if (problems) throw new InvalidReadingError(problems);
    return value as Reading;
  },
} as const;

/**
 * Why a payload was refused; used as the metric label and in the dead-letter message.
 * `seq_conflict`: a valid reading whose seq is already stored with a different reading (the device
 * reused a seq). It is kept in quarantine, not lost, and then acked; the dead letter says so.
 * `seq_jump`: a seq more than the ingest's `MAX_SEQ_JUMP` above the highest the device sent (a corrupt
 * counter, or a forged `seq = oldest_seq = 4294967295` that would move the ack to the maximum): not kept, not acked.
 */
export type RejectCode = 'oversize' | 'malformed_json' | 'reserved_key' | 'invalid_field' | 'unknown_device' | 'seq_conflict' | 'seq_jump';

export type ParseResult = { ok: true; reading: Reading } | { ok: false; code: RejectCode; reason: string };

const RESERVED_KEYS = ['data', 'pattern'];
const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** Parses and validates one raw payload. Never throws; every refusal carries a reason naming the field. */
export function parseReading(payload: Uint8Array | string, maxBytes = DEFAULT_MAX_PAYLOAD_BYTES): ParseResult {
  // TextEncoder rather than Buffer: the contracts are also type-checked by the browser build.
  const size = typeof payload === 'string' ? utf8Encoder.encode(payload).byteLength : payload.byteLength;
  if (size > maxBytes) return { ok: false, code: 'oversize', reason: `payload is ${size} bytes, the limit is ${maxBytes}` };

  let json: unknown;
  try {
    json = JSON.parse(typeof payload === 'string' ? payload : utf8.decode(payload));
  } catch (err) {
    return { ok: false, code: 'malformed_json', reason: `malformed JSON: ${(err as Error).message}` };
  }

  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const reserved = RESERVED_KEYS.filter((key) => Object.prototype.hasOwnProperty.call(json, key));
    if (reserved.length > 0) return { ok: false, code: 'reserved_key', reason: `reserved top-level key ${reserved.join(', ')}` };
  }

  const problems = readingProblems(json);
  if (problems === null) return { ok: true, reading: json as Reading };
  return { ok: false, code: 'invalid_field', reason: problems.join('; ') };
}
