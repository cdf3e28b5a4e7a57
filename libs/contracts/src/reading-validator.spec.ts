import Ajv from 'ajv';
import fc from 'fast-check';
import { z } from 'zod';
import { READING_LIMITS as L } from './limits';
import { parseReading } from './reading';
import { READING_JSON_SCHEMA } from './reading-json-schema';

/**
 * The validator compiled from the published JSON Schema must say exactly what the zod schema it
 * replaced said, sentence for sentence. This is that zod schema, kept here as the oracle.
 */
const finite = (field: string, unit: string, min: number, max: number) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} ${mustBeNumber(issue.input)}`) })
    .refine(Number.isFinite, { message: `${field} must be finite` })
    .refine((v) => v >= min, { message: `${field} must be at least ${min} ${unit}`.trimEnd() })
    .refine((v) => v <= max, { message: `${field} must be at most ${max} ${unit}`.trimEnd() });
const integer = (field: string, min: number, max: number) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} ${mustBeNumber(issue.input, 'an integer')}`) })
    .refine(Number.isInteger, { message: `${field} must be an integer` })
    .refine((v) => v >= min && v <= max, { message: `${field} must be between ${min} and ${max}` });
const zodReading = z
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
      meter_boot: integer('meter_boot', 0, 4_294_967_295).optional(),
      meter_wh: finite('meter_wh', 'Wh', L.energyWh.min, L.energyWh.max).optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : 'a reading must be a JSON object') },
  )
  .refine((r) => r.oldest_seq === undefined || (r.seq !== undefined && r.oldest_seq <= r.seq), { message: 'oldest_seq must come with seq and be at most seq', path: ['oldest_seq'] })
  .refine((r) => (r.meter_boot === undefined) === (r.meter_wh === undefined), { message: 'meter_boot and meter_wh must come together', path: ['meter_boot'] })
  .refine((r) => r.power_w === undefined || r.apparent_power_va === undefined || r.power_w <= r.apparent_power_va * 1.05 + 1, {
    message: 'power_w cannot exceed apparent_power_va',
    path: ['power_w'],
  });

function mustBeNumber(input: unknown, kind = 'a number'): string {
  if (typeof input === 'number' && !Number.isFinite(input)) return 'must be finite';
  const what = input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input === 'string' ? `string ${JSON.stringify(input.length > 20 ? `${input.slice(0, 20)}…` : input)}` : typeof input;
  return `must be ${kind} (got ${what})`;
}

function oracle(text: string): { ok: boolean; reason?: string } {
  const json: unknown = JSON.parse(text);
  const result = zodReading.safeParse(json);
  if (result.success) return { ok: true };
  const reason = result.error.issues
    .map((issue) => {
      const path = issue.path.join('.');
      return path && !issue.message.startsWith(path) ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
  return { ok: false, reason };
}

const FIELDS = ['seq', 'oldest_seq', 'ts', 'Voltage', 'Current', 'power_w', 'apparent_power_va', 'power_factor', 'energy_wh', 'meter_boot', 'meter_wh'];
/** Values as raw JSON text, so 1e400 reaches JSON.parse (and becomes Infinity). */
const value = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 300 }).map(String) },
  fc.constantFrom('-1', '-0.5', '0.5', '1.5', '501', '1e13', '9007199254740992', '4294967296', '1e400', '-1e400', '8.64e15', '8.65e15', '1.7', '0', '-0'),
  fc.constantFrom('"230"', '"x"', '"a long string of more than twenty characters"', 'null', 'true', 'false', '[]', '[1]', '{}', '{"a":1}'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
);
const extraKey = fc.constantFrom('voltage', 'x', '__proto__', 'constructor', 'toString', 'Voltage ', 'seq2');
const payload = fc
  .tuple(fc.subarray(FIELDS), fc.array(value, { minLength: FIELDS.length, maxLength: FIELDS.length }), fc.array(fc.tuple(extraKey, value), { maxLength: 2 }), fc.boolean())
  .map(([fields, values, extras, shuffle]) => {
    const pairs: Array<[string, string]> = fields.map((f, i) => [f, values[i]!]);
    pairs.push(...extras);
    if (shuffle) pairs.reverse();
    return `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
  });

describe('the compiled reading validator', () => {
  it('compiles a schema that is valid JSON Schema (the runtime compile skips that check)', () => {
    const ajv = new Ajv({ strict: true });
    expect(ajv.validateSchema(READING_JSON_SCHEMA)).toBe(true);
    expect(ajv.errors).toBeNull();
  });

  it('accepts and refuses exactly what the zod schema did, with the same reasons, on 20,000 generated payloads', () => {
    fc.assert(
      fc.property(payload, (text) => {
        const expected = oracle(text);
        const actual = parseReading(text);
        expect(actual.ok ? { ok: true } : { ok: false, reason: actual.reason }).toEqual(expected);
      }),
      { numRuns: 20_000, seed: 20261129 },
    );
  });

  it.each(['[1,2]', '"230"', '7', 'true', 'null'])('calls %s not a JSON object, as before', (text) => {
    expect(parseReading(text)).toEqual({ ok: false, code: 'invalid_field', reason: oracle(text).reason });
  });

  it('names a wrong type, a non-integer and a range fault of one field in the old order', () => {
    expect(parseReading('{"seq":-1.5,"oldest_seq":"1","Voltage":1e400,"Current":1}')).toEqual({
      ok: false,
      code: 'invalid_field',
      reason: 'seq must be an integer; seq must be between 0 and 9007199254740991; oldest_seq must be an integer (got string "1"); Voltage must be finite',
    });
  });

  it('judges the rules between fields after field faults that are not type faults, as before', () => {
    expect(parseReading('{"seq":1,"oldest_seq":5,"Voltage":-1,"Current":1,"meter_boot":1,"zz":0}')).toEqual({
      ok: false,
      code: 'invalid_field',
      reason: 'Voltage must be at least 0 V; unknown field zz; oldest_seq must come with seq and be at most seq; meter_boot and meter_wh must come together',
    });
  });
});
