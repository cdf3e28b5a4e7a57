// A UART line of the UNO, parsed: what the tests and the twin read from it.
export interface UnoLine {
  /** Absent from firmware before the boot number. */
  boot?: number;
  Voltage: number;
  Current: number;
  power_w: number;
  apparent_power_va: number;
  power_factor: number;
  energy_wh: number;
  /** Only from a calibration build (-DCALIBRATION_MODE). */
  cal_periods?: number;
  cal_offset_deg?: number;
  cal_error_deg?: number;
  cal_phase_cal?: number;
  cal_pf?: number;
}

export function parseUnoLine(line: string): UnoLine {
  const value = JSON.parse(line) as Record<string, unknown>;
  for (const key of ['Voltage', 'Current', 'power_w', 'apparent_power_va', 'power_factor', 'energy_wh'])
    if (typeof value[key] !== 'number') throw new Error(`not a UNO line (no ${key}): ${line}`);
  return value as unknown as UnoLine;
}
