/**
 * `energy/{deviceId}/telemetry`, ingest -> bus: a validated, normalised reading.
 * Live consumers (gateway, alert service, third-party tools) read this rather than raw readings,
 * so they never see a payload the ingest refused. Published after the reading is accepted for storage.
 */
export interface Telemetry {
  device_id: string;
  /** null for legacy readings, which carry no sequence number. */
  seq: number | null;
  /** UTC milliseconds since the epoch. */
  ts: number;
  /** Where `ts` came from: the device clock, or the ingest's receive time when the device's was missing or implausible. */
  ts_source: 'device' | 'received';
  voltage_v: number;
  current_a: number;
  /** Real power when the device measures it, otherwise V x I (apparent). */
  power_w: number;
  power_kind: 'real' | 'apparent';
  apparent_power_va: number;
  power_factor: number | null;
  /** The device's cumulative counter, when it has one. */
  energy_wh: number | null;
}
