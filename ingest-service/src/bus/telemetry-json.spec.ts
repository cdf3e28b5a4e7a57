import fc from 'fast-check';
import type { NewReading } from '@energy/db';
import { telemetryJson, toTelemetry } from './telemetry-json';

const reading = fc.record<NewReading>({
  deviceId: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,63}$/),
  seq: fc.option(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { nil: null }),
  tsMs: fc.integer({ min: 0, max: 8.64e15 }),
  tsSource: fc.constantFrom('device' as const, 'received' as const),
  receivedMs: fc.integer({ min: 0, max: 8.64e15 }),
  voltageV: fc.double({ min: 0, max: 500, noNaN: true }),
  currentA: fc.double({ min: 0, max: 100, noNaN: true }),
  powerW: fc.double({ min: 0, max: 50_000, noNaN: true }),
  powerKind: fc.constantFrom('real' as const, 'apparent' as const),
  apparentPowerVa: fc.double({ min: 0, max: 50_000, noNaN: true }),
  powerFactor: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  energyCounterWh: fc.option(fc.double({ min: 0, max: 1e12, noNaN: true }), { nil: null }),
  meterBoot: fc.option(fc.integer({ min: 0, max: 4_294_967_295 }), { nil: null }),
  meterWh: fc.option(fc.double({ min: 0, max: 1e12, noNaN: true }), { nil: null }),
});

describe(telemetryJson.name, () => {
  it('writes exactly what JSON.stringify writes for the Telemetry of any accepted reading', () => {
    fc.assert(
      fc.property(reading, (r) => {
        expect(telemetryJson(r)).toBe(JSON.stringify(toTelemetry(r)));
      }),
      { numRuns: 5_000, seed: 15 },
    );
  });
});
