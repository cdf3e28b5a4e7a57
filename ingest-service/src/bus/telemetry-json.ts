import type { Telemetry } from '@energy/contracts';
import type { NewReading } from '@energy/db';
import { numberText } from '../shared/number-text';

/** The Telemetry an accepted reading becomes (the contract's names). */
export function toTelemetry(r: NewReading): Telemetry {
  return {
    device_id: r.deviceId,
    seq: r.seq,
    ts: r.tsMs,
    ts_source: r.tsSource,
    voltage_v: r.voltageV,
    current_a: r.currentA,
    power_w: r.powerW,
    power_kind: r.powerKind,
    apparent_power_va: r.apparentPowerVa,
    power_factor: r.powerFactor,
    energy_wh: r.energyCounterWh,
  };
}

const num = (n: number | null): string => (n === null ? 'null' : numberText(n));

/**
 * `JSON.stringify(toTelemetry(r))`, written directly: once per accepted reading, so without the
 * intermediate object. Every value is a finite number, null, an enum or a device id (letters, digits,
 * `_` and `-`), none of which JSON escapes, and `String(n)` (numberText) is JSON's number text.
 */
export function telemetryJson(r: NewReading): string {
  return `{"device_id":"${r.deviceId}","seq":${num(r.seq)},"ts":${numberText(r.tsMs)},"ts_source":"${r.tsSource}","voltage_v":${r.voltageV},"current_a":${r.currentA},"power_w":${r.powerW},"power_kind":"${r.powerKind}","apparent_power_va":${r.apparentPowerVa},"power_factor":${num(r.powerFactor)},"energy_wh":${num(r.energyCounterWh)}}`;
}
