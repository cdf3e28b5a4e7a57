import type { Reading } from '@energy/contracts';
import type { NewReading } from '@energy/db';

export interface ClockPolicy {
  maxSkewMs: number;
  maxAgeMs: number;
}

/**
 * Turns a validated payload into what is stored. Seed payloads carry only V and I, so their power is
 * V x I and is recorded as apparent. A missing or implausible device clock falls back to receive time,
 * and the row records which one was used.
 */
export function normalizeReading(deviceId: string, reading: Reading, receivedMs: number, clock: ClockPolicy): NewReading {
  const apparentPowerVa = reading.apparent_power_va ?? reading.Voltage * reading.Current;
  const deviceTs = reading.ts;
  const plausible = deviceTs !== undefined && deviceTs <= receivedMs + clock.maxSkewMs && deviceTs >= receivedMs - clock.maxAgeMs;
  return {
    deviceId,
    seq: reading.seq ?? null,
    tsMs: plausible ? deviceTs : receivedMs,
    tsSource: plausible ? 'device' : 'received',
    receivedMs,
    voltageV: reading.Voltage,
    currentA: reading.Current,
    powerW: reading.power_w ?? apparentPowerVa,
    powerKind: reading.power_w === undefined ? 'apparent' : 'real',
    apparentPowerVa,
    powerFactor: reading.power_factor ?? null,
    energyCounterWh: reading.energy_wh ?? null,
    meterBoot: reading.meter_boot ?? null,
    meterWh: reading.meter_wh ?? null,
  };
}
