import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { READING_JSON_SCHEMA, READING_UNITS, type ReadingField } from './reading-json-schema';

const FIELDS = Object.keys(READING_JSON_SCHEMA.properties) as ReadingField[];

let compiled: ValidateFunction | null = null;

/**
 * Compiled once, on first use: every service imports the contracts, few validate readings. The schema
 * is a constant, checked against the JSON Schema meta-schema by reading-validator.spec.ts, so the
 * compile skips that check (it compiles the meta-schema first: most of the start-up cost).
 */
function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: true, validateSchema: false }).compile(READING_JSON_SCHEMA);
  return compiled;
}

/**
 * Why a parsed JSON value is not a reading, one sentence per fault naming the field, or null when it
 * is one. The JSON Schema decides (compiled by ajv: one generated function, no per-message
 * allocation when the payload is valid); the sentences are only built for a refusal.
 *
 * The sentences and their order are the contract's (they were zod's): every field fault in the
 * schema's field order, then unknown fields, then the rules that relate two fields. Those rules are
 * judged only when every field present is a finite number (a wrong type makes them meaningless).
 */
export function readingProblems(json: unknown): string[] | null {
  if (validator()(json)) {
    const related = relatedFieldProblems(json as Partial<Record<ReadingField, unknown>>);
    return related.length > 0 ? related : null;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return ['a reading must be a JSON object'];
  return describe(json as Record<string, unknown>, validator().errors ?? []);
}

function describe(reading: Record<string, unknown>, errors: readonly ErrorObject[]): string[] {
  const problems: string[] = [];
  let typesWrong = false;
  for (const field of FIELDS) {
    const own = errors.filter((e) => e.instancePath === `/${field}` || (e.keyword === 'required' && (e.params as { missingProperty?: string }).missingProperty === field));
    if (own.length === 0) continue;
    const fault = fieldProblem(field, reading[field], own);
    problems.push(...fault.problems);
    typesWrong ||= fault.typeWrong;
  }
  const unknown = errors.filter((e) => e.keyword === 'additionalProperties').map((e) => String((e.params as { additionalProperty?: string }).additionalProperty));
  if (unknown.length > 0) problems.push(`unknown field ${unknown.join(', ')}`);
  if (!typesWrong) problems.push(...relatedFieldProblems(reading));
  return problems;
}

function fieldProblem(field: ReadingField, value: unknown, errors: readonly ErrorObject[]): { problems: string[]; typeWrong: boolean } {
  const spec = READING_JSON_SCHEMA.properties[field];
  const integer = spec.type === 'integer';
  if (errors.some((e) => e.keyword === 'required')) return { problems: [`${field} is required`], typeWrong: true };
  if (typeof value === 'number' && !Number.isFinite(value)) return { problems: [`${field} must be finite`], typeWrong: true };
  if (typeof value !== 'number') return { problems: [`${field} must be ${integer ? 'an integer' : 'a number'} (got ${describeValue(value)})`], typeWrong: true };
  const problems: string[] = [];
  if (integer) {
    if (!Number.isInteger(value)) problems.push(`${field} must be an integer`);
    if (value < spec.minimum || value > spec.maximum) problems.push(`${field} must be between ${spec.minimum} and ${spec.maximum}`);
  } else {
    const unit = READING_UNITS[field];
    if (value < spec.minimum) problems.push(`${field} must be at least ${spec.minimum} ${unit}`.trimEnd());
    if (value > spec.maximum) problems.push(`${field} must be at most ${spec.maximum} ${unit}`.trimEnd());
  }
  return { problems, typeWrong: false };
}

/** The rules between fields, in the contract's order. */
function relatedFieldProblems(r: Partial<Record<ReadingField, unknown>>): string[] {
  const problems: string[] = [];
  const seq = r.seq as number | undefined;
  const oldest = r.oldest_seq as number | undefined;
  if (oldest !== undefined && (seq === undefined || oldest > seq)) problems.push('oldest_seq must come with seq and be at most seq');
  if ((r.meter_boot === undefined) !== (r.meter_wh === undefined)) problems.push('meter_boot and meter_wh must come together');
  const power = r.power_w as number | undefined;
  const apparent = r.apparent_power_va as number | undefined;
  if (power !== undefined && apparent !== undefined && power > apparent * 1.05 + 1) problems.push('power_w cannot exceed apparent_power_va');
  return problems;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  return typeof value;
}
