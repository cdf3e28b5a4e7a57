/**
 * Physical plausibility bounds for a single-phase mains meter (ACS712 + ZMPT101B).
 * A value outside them is a wiring, calibration or firmware fault, never a reading to store.
 */
export const READING_LIMITS = {
  voltageV: { min: 0, max: 500 },
  currentA: { min: 0, max: 100 },
  powerW: { min: 0, max: 50_000 },
  apparentPowerVa: { min: 0, max: 50_000 },
  powerFactor: { min: 0, max: 1 },
  energyWh: { min: 0, max: 1e12 },
  /** seq is a JSON-safe unsigned integer; the ESP32 uses 32 bits and persists its base in NVS. */
  seq: { min: 0, max: Number.MAX_SAFE_INTEGER },
} as const;

/** Default maximum MQTT payload for a reading, matching the broker's default packet limit. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024;
