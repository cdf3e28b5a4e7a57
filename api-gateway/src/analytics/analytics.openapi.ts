/**
 * Response shapes of /api/v1/analytics for the OpenAPI document. The payload types are in
 * libs/contracts (analytics.ts, analytics-requests.ts); docs/asyncapi.yaml has the same forecast and
 * finding schemas for the MQTT topics.
 */
type Schema = Record<string, unknown>;

const num = { type: 'number' };
const int = { type: 'integer' };
const nullableNumberArray = { type: 'array', items: { type: 'number', nullable: true } };

const band = (description: string): Schema => ({
  type: 'object',
  required: ['kwh', 'low_kwh', 'high_kwh'],
  description,
  properties: { kwh: num, low_kwh: { type: 'number', description: '10th percentile' }, high_kwh: { type: 'number', description: '90th percentile' } },
});

export const FORECAST_SCHEMA: Schema = {
  type: 'object',
  required: ['device_id', 'ts', 'method', 'method_sentence', 'hours', 'days', 'month'],
  properties: {
    device_id: { type: 'string', description: 'device id, or _site' },
    ts: { ...int, description: 'UTC ms the forecast was made' },
    method: { type: 'string', enum: ['seasonal-median', 'holt-winters', 'hour-of-week-regression'] },
    method_sentence: { type: 'string', description: 'one sentence for the screen' },
    hours: { type: 'array', description: 'the next 48 h', items: { ...band('one hour'), properties: { start_ms: int, ...(band('').properties as Schema) } } },
    days: { type: 'array', description: 'the rest of the month by site-local day', items: { ...band('one day'), properties: { date: { type: 'string', example: '2026-11-30' }, ...(band('').properties as Schema) } } },
    month: {
      type: 'object',
      required: ['start_ms', 'end_ms', 'to_date_kwh', 'projected_kwh', 'low_kwh', 'high_kwh'],
      properties: { start_ms: int, end_ms: int, to_date_kwh: num, projected_kwh: num, low_kwh: num, high_kwh: num },
    },
  },
};

export const FORECAST_VS_ACTUAL_SCHEMA: Schema = {
  type: 'object',
  required: ['device_id', 'start_ms', 'actual_kwh', 'forecast_kwh', 'low_kwh', 'high_kwh', 'mae_kwh', 'band_coverage'],
  description: 'Columns, one value per hour from start_ms; null where the hour is unknown or had no forecast.',
  properties: {
    device_id: { type: 'string' },
    start_ms: int,
    actual_kwh: nullableNumberArray,
    forecast_kwh: nullableNumberArray,
    low_kwh: nullableNumberArray,
    high_kwh: nullableNumberArray,
    mae_kwh: { type: 'number', nullable: true },
    band_coverage: { type: 'number', nullable: true, description: 'share of actual hours inside the band' },
  },
};

const FINDING_SCHEMA: Schema = {
  type: 'object',
  required: ['device_id', 'kind', 'start_ms', 'end_ms', 'sentence', 'observed', 'usual', 'unit', 'ts'],
  properties: {
    device_id: { type: 'string' },
    kind: { type: 'string', enum: ['unusually_high', 'unusually_low', 'base_load_rise', 'long_running', 'flat_readings', 'implausible_readings'] },
    start_ms: int,
    end_ms: int,
    sentence: { type: 'string', example: '2.1 kWh in 3 h from Sat 24 Feb 14:00, usually 0.6 kWh on a Saturday afternoon.' },
    observed: num,
    usual: num,
    unit: { type: 'string', enum: ['kWh', 'W', 'min'] },
    ts: int,
  },
};

export const FINDINGS_SCHEMA: Schema = {
  type: 'object',
  required: ['findings', 'truncated'],
  properties: { findings: { type: 'array', items: FINDING_SCHEMA }, truncated: { type: 'boolean', description: 'more recent findings exist than were sent' } },
};

export const SIGNATURE_SCHEMA: Schema = {
  type: 'object',
  required: ['id', 'powerW', 'durationMs', 'periodMs', 'label', 'name', 'events', 'energyWh', 'sentence'],
  properties: {
    id: { type: 'string', example: 'sig-120w-15m' },
    powerW: num,
    durationMs: num,
    periodMs: { type: 'number', nullable: true },
    label: { type: 'string', enum: ['fridge-like', 'kettle-like', 'heater-like', 'small load', 'large load'] },
    name: { type: 'string', nullable: true },
    events: int,
    energyWh: num,
    sentence: { type: 'string', example: '≈120 W, 15 min every 45 min: fridge-like' },
  },
};

export const CONSUMERS_SCHEMA: Schema = {
  type: 'object',
  required: ['deviceId', 'fromMs', 'toMs', 'baseLoadW', 'energyWh', 'consumers'],
  properties: {
    deviceId: { type: 'string' },
    fromMs: int,
    toMs: int,
    baseLoadW: { type: 'number', description: 'always-on power' },
    energyWh: num,
    consumers: {
      type: 'array',
      items: { type: 'object', required: ['label', 'signatureId', 'energyWh', 'share'], properties: { label: { type: 'string' }, signatureId: { type: 'string', nullable: true }, energyWh: num, share: num } },
    },
  },
};
