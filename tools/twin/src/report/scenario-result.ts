/** One scenario's outcome: one row of the table. */
export interface ScenarioResult {
  scenario: string;
  meter: 'avr8js' | 'host';
  devices: number;
  virtualMs: number;
  wallMs: number;
  readings: number;
  lost: number;
  /** Duplicated plus extra rows. */
  duplicated: number;
  ackedNotStored: number;
  /** Largest stored-vs-measured error per hour, over the rollups and the API. */
  maxHourErrorPct: number;
  maxDayErrorPct: number;
  /** Largest stored-vs-physical error per site-local day. */
  physicalErrorPct: number;
  alertsFired: number;
  alertsExpected: number;
  pass: boolean;
  /** Why it failed, one line per cause (what docs/twin.md shows). */
  reasons: string[];
  /** The details: every bucket off, the first readings lost, energy never reported. */
  notes: string[];
  /** Per device and load: how the meter read V, I and P against the waveforms. */
  accuracy: string[];
}
