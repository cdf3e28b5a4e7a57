import { READING_LIMITS as L } from './limits';

/** The UNO's boot number is a uint32 in its EEPROM. */
const METER_BOOT_MAX = 4_294_967_295;
/** Device time: the largest instant a JavaScript Date can hold, in UTC milliseconds. */
const TS_MAX = 8.64e15;

/**
 * The reading payload of `energy/{deviceId}/reading` as JSON Schema (draft-07, the AsyncAPI 3 default
 * schema format). It is published verbatim as `components.messages.reading.payload` in
 * docs/asyncapi.yaml (asyncapi.spec.ts fails when the two differ) and compiled by the ingest's
 * validator (reading-validator.ts): the contract third parties read is the one the ingest enforces.
 *
 * Two rules JSON Schema cannot state are checked after it, in code, and documented in the AsyncAPI
 * file: `oldest_seq` at most `seq` (and only with it), and `power_w` at most `apparent_power_va`.
 */
export const READING_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['Voltage', 'Current'],
  properties: {
    seq: { type: 'integer', minimum: L.seq.min, maximum: L.seq.max, description: 'Per-device increasing sequence number (full form only).' },
    oldest_seq: {
      type: 'integer',
      minimum: L.seq.min,
      maximum: L.seq.max,
      description: 'The oldest reading the device still holds unacknowledged; at most seq, and only with seq.',
    },
    ts: { type: 'integer', minimum: 0, maximum: TS_MAX, description: 'Device time in UTC milliseconds, when its clock is synced.' },
    Voltage: { type: 'number', minimum: L.voltageV.min, maximum: L.voltageV.max, description: 'RMS volts.' },
    Current: { type: 'number', minimum: L.currentA.min, maximum: L.currentA.max, description: 'RMS amperes (not milliamperes).' },
    power_w: { type: 'number', minimum: L.powerW.min, maximum: L.powerW.max, description: 'Real power, W; at most apparent_power_va (x 1.05 + 1 W of rounding).' },
    apparent_power_va: { type: 'number', minimum: L.apparentPowerVa.min, maximum: L.apparentPowerVa.max, description: 'Vrms x Irms, VA.' },
    power_factor: { type: 'number', minimum: L.powerFactor.min, maximum: L.powerFactor.max },
    energy_wh: {
      type: 'number',
      minimum: L.energyWh.min,
      maximum: L.energyWh.max,
      description:
        "The ESP32's lifetime energy counter, Wh. Best effort: saved to flash now and then, so after a power cut it may resume below its last published value.",
    },
    meter_boot: {
      type: 'integer',
      minimum: 0,
      maximum: METER_BOOT_MAX,
      description: "The meter's (UNO's) boot number, kept in its EEPROM; a new value means the meter restarted. Always with meter_wh.",
    },
    meter_wh: {
      type: 'number',
      minimum: L.energyWh.min,
      maximum: L.energyWh.max,
      description:
        'Energy the meter measured since boot meter_boot, Wh (3 decimals). Exact: the ingest books the difference between two readings of the same boot, and the whole value after a new boot. Always with meter_boot.',
    },
  },
  dependencies: {
    meter_boot: ['meter_wh'],
    meter_wh: ['meter_boot'],
  },
} as const;

export type ReadingField = keyof typeof READING_JSON_SCHEMA.properties;

/** The unit each measurement is refused in ("Voltage must be at most 500 V"). */
export const READING_UNITS: Readonly<Record<ReadingField, string>> = {
  seq: '',
  oldest_seq: '',
  ts: '',
  Voltage: 'V',
  Current: 'A',
  power_w: 'W',
  apparent_power_va: 'VA',
  power_factor: '',
  energy_wh: 'Wh',
  meter_boot: '',
  meter_wh: 'Wh',
};
