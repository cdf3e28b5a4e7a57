import { differingFields, fingerprint, type ReadingIdentity } from './reading-identity';

const r: ReadingIdentity = {
  tsMs: 1_000,
  tsSource: 'device',
  voltageV: 230,
  currentA: 1,
  powerW: 230,
  apparentPowerVa: 230,
  powerFactor: 1,
  energyCounterWh: 10,
  meterBoot: 7,
  meterWh: 2.5,
};

describe(differingFields.name, () => {
  it('finds none for the same reading, and names each differing field as the payload does', () => {
    expect(differingFields(r, { ...r })).toEqual([]);
    expect(differingFields(r, { ...r, tsMs: 2_000, currentA: 1.001, meterBoot: 8 })).toEqual(['ts', 'Current', 'meter_boot']);
  });

  it('ignores the time of a reading stamped on arrival (each re-send of it arrives at another time)', () => {
    expect(differingFields({ ...r, tsSource: 'received' }, { ...r, tsSource: 'received', tsMs: 9_000 })).toEqual([]);
    expect(fingerprint({ ...r, tsSource: 'received' })).toBe(fingerprint({ ...r, tsSource: 'received', tsMs: 9_000 }));
  });

  it('tells a missing meter field from a zero', () => {
    expect(differingFields(r, { ...r, meterWh: null })).toEqual(['meter_wh']);
    expect(fingerprint(r)).not.toBe(fingerprint({ ...r, meterWh: 0 }));
  });
});
