import type { Reading } from './reading';

/**
 * The canonical encoding of a reading (libs/contracts/fixtures/README.md): fixed key order and a fixed
 * number of decimals, exactly what the firmware emits. The simulator uses it so it speaks the same bytes.
 */
export function encodeReading(r: Reading): string {
  const parts: string[] = [];
  if (r.seq !== undefined) parts.push(`"seq":${r.seq}`);
  if (r.oldest_seq !== undefined) parts.push(`"oldest_seq":${r.oldest_seq}`);
  if (r.ts !== undefined) parts.push(`"ts":${r.ts}`);
  parts.push(`"Voltage":${r.Voltage.toFixed(2)}`, `"Current":${r.Current.toFixed(3)}`);
  if (r.power_w !== undefined) parts.push(`"power_w":${r.power_w.toFixed(1)}`);
  if (r.apparent_power_va !== undefined) parts.push(`"apparent_power_va":${r.apparent_power_va.toFixed(1)}`);
  if (r.power_factor !== undefined) parts.push(`"power_factor":${r.power_factor.toFixed(3)}`);
  if (r.energy_wh !== undefined) parts.push(`"energy_wh":${r.energy_wh.toFixed(3)}`);
  if (r.meter_boot !== undefined && r.meter_wh !== undefined) parts.push(`"meter_boot":${r.meter_boot}`, `"meter_wh":${r.meter_wh.toFixed(3)}`);
  return `{${parts.join(',')}}`;
}
