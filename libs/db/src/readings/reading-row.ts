/** A validated reading, normalised by the ingest, ready to store. */
export interface NewReading {
  deviceId: string;
  /** null for the seed's legacy payloads, which carry no sequence number. */
  seq: number | null;
  tsMs: number;
  tsSource: 'device' | 'received';
  receivedMs: number;
  voltageV: number;
  currentA: number;
  /** Real power when measured, else V x I. */
  powerW: number;
  powerKind: 'real' | 'apparent';
  apparentPowerVa: number;
  powerFactor: number | null;
  /** The ESP32's lifetime counter (`energy_wh`), best effort. */
  energyCounterWh: number | null;
  /** The meter's boot number and the energy it measured since that boot (`meter_boot`, `meter_wh`), when sent. */
  meterBoot?: number | null;
  meterWh?: number | null;
}
