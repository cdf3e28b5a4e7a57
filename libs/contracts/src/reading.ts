import { z } from 'zod';
import { DEFAULT_MAX_PAYLOAD_BYTES, READING_LIMITS as L } from './limits';

const finite = (field: string, unit: string, min: number, max: number) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} ${mustBeNumber(issue.input)}`) })
    .refine(Number.isFinite, { message: `${field} must be finite` })
    .refine((v) => v >= min, { message: `${field} must be at least ${min} ${unit}`.trimEnd() })
    .refine((v) => v <= max, { message: `${field} must be at most ${max} ${unit}`.trimEnd() });

/** The UNO's boot number is a uint32 in its EEPROM. */
const METER_BOOT_MIN = 0;
const METER_BOOT_MAX = 4_294_967_295;

const integer = (field: string, min: number, max: number) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} ${mustBeNumber(issue.input, 'an integer')}`) })
    .refine(Number.isInteger, { message: `${field} must be an integer` })
    .refine((v) => v >= min && v <= max, { message: `${field} must be between ${min} and ${max}` });

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
 * Top-level `data` and `pattern` keys are refused: Nest's MQTT deserializer would take them
 * for its own envelope.
 */
export const readingSchema = z
  .strictObject(
    {
      seq: integer('seq', L.seq.min, L.seq.max).optional(),
      oldest_seq: integer('oldest_seq', L.seq.min, L.seq.max).optional(),
      ts: integer('ts', 0, 8.64e15).optional(),
      Voltage: finite('Voltage', 'V', L.voltageV.min, L.voltageV.max),
      Current: finite('Current', 'A', L.currentA.min, L.currentA.max),
      power_w: finite('power_w', 'W', L.powerW.min, L.powerW.max).optional(),
      apparent_power_va: finite('apparent_power_va', 'VA', L.apparentPowerVa.min, L.apparentPowerVa.max).optional(),
      power_factor: finite('power_factor', '', L.powerFactor.min, L.powerFactor.max).optional(),
      energy_wh: finite('energy_wh', 'Wh', L.energyWh.min, L.energyWh.max).optional(),
      meter_boot: integer('meter_boot', METER_BOOT_MIN, METER_BOOT_MAX).optional(),
      meter_wh: finite('meter_wh', 'Wh', L.energyWh.min, L.energyWh.max).optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : 'a reading must be a JSON object') },
  )
  .refine((r) => r.oldest_seq === undefined || (r.seq !== undefined && r.oldest_seq <= r.seq), {
    message: 'oldest_seq must come with seq and be at most seq',
    path: ['oldest_seq'],
  })
  .refine((r) => (r.meter_boot === undefined) === (r.meter_wh === undefined), {
    message: 'meter_boot and meter_wh must come together',
    path: ['meter_boot'],
  })
  .refine((r) => r.power_w === undefined || r.apparent_power_va === undefined || r.power_w <= r.apparent_power_va * 1.05 + 1, {
    message: 'power_w cannot exceed apparent_power_va',
    path: ['power_w'],
  });

export type Reading = z.infer<typeof readingSchema>;

/**
 * Why a payload was refused; used as the metric label and in the dead-letter message.
 * `seq_conflict`: a valid reading whose seq is already stored with a different reading (the device
 * reused a seq). It is kept in quarantine, not lost, and then acked; the dead letter says so.
 */
export type RejectCode = 'oversize' | 'malformed_json' | 'reserved_key' | 'invalid_field' | 'unknown_device' | 'seq_conflict';

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

  const result = readingSchema.safeParse(json);
  if (result.success) return { ok: true, reading: result.data };
  return { ok: false, code: 'invalid_field', reason: formatIssues(result.error.issues) };
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.join('.');
      return path && !issue.message.startsWith(path) ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  return typeof value;
}

/** True when the reading came in the full form, which takes part in the ack protocol. */
export const isSequenced = (reading: Reading): reading is Reading & { seq: number } => reading.seq !== undefined;

function mustBeNumber(input: unknown, kind = 'a number'): string {
  if (typeof input === 'number' && !Number.isFinite(input)) return 'must be finite';
  return `must be ${kind} (got ${describe(input)})`;
}
