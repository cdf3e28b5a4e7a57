import type { HistoryPoint, Telemetry } from '../api/api-types';

export function telemetry(deviceId: string, ts: number, powerW: number, extra: Partial<Telemetry> = {}): Telemetry {
  return {
    device_id: deviceId,
    seq: ts,
    ts,
    ts_source: 'device',
    voltage_v: 230,
    current_a: powerW / 230,
    power_w: powerW,
    power_kind: 'real',
    apparent_power_va: powerW,
    power_factor: 0.97,
    energy_wh: null,
    ...extra,
  };
}

export function historyPoint(ts: number, powerW: number): HistoryPoint {
  const stat = (v: number) => ({ avg: v, min: v, max: v });
  return { ts, n: 1, voltage_v: stat(230), current_a: stat(powerW / 230), power_w: stat(powerW), energy_wh: 0 };
}
