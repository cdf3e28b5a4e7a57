import { loadFixtures } from '@energy/contracts/fixtures';
import { parseReading } from '@energy/contracts';
import { implausibleReading } from './meter-plausibility';

const rating = { maxCurrentA: 32 };
const reading = (json: string) => {
  const parsed = parseReading(json);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.reading;
};

describe(implausibleReading.name, () => {
  it("refuses a current above the meter's rating, naming the field and the setting", () => {
    expect(implausibleReading(reading('{"Voltage":230,"Current":80}'), rating)).toBe("Current 80 A is above this meter's 32 A rating (MAX_CURRENT_A); was it sent in mA?");
    expect(implausibleReading(reading('{"Voltage":230,"Current":32.001}'), rating)).toMatch(/^Current 32.001 A is above/);
    expect(implausibleReading(reading('{"Voltage":230,"Current":32}'), rating)).toBeNull();
    expect(implausibleReading(reading('{"Voltage":230,"Current":80}'), { maxCurrentA: 100 })).toBeNull();
  });

  it('refuses V x I that disagrees with apparent_power_va, and suspects mA when it is 1000 times off', () => {
    expect(implausibleReading(reading('{"Voltage":230.00,"Current":18.000,"apparent_power_va":4.1}'), rating)).toBe(
      'Current: Voltage x Current = 4140 VA but apparent_power_va is 4.1 VA (1000 times less); was Current sent in mA?',
    );
    expect(implausibleReading(reading('{"Voltage":230.00,"Current":2.000,"apparent_power_va":300.0}'), rating)).toBe(
      'apparent_power_va: 300 VA disagrees with Voltage x Current = 460 VA by more than 2 %',
    );
  });

  it('accepts what the encoding rounds, tiny loads and a missing voltage sensor', () => {
    expect(implausibleReading(reading('{"Voltage":229.87,"Current":1.423,"apparent_power_va":327.1}'), rating)).toBeNull();
    expect(implausibleReading(reading('{"Voltage":230.00,"Current":0.012,"apparent_power_va":2.8}'), rating)).toBeNull();
    expect(implausibleReading(reading('{"Voltage":0.00,"Current":1.500,"apparent_power_va":0.0}'), rating)).toBeNull();
    expect(implausibleReading(reading('{"Voltage":230.00,"Current":30.000,"apparent_power_va":6900.0}'), rating)).toBeNull();
  });

  it('accepts every valid fixture of the contract', () => {
    for (const fixture of loadFixtures('reading').filter((c) => c.valid)) expect(implausibleReading(reading(fixture.payload.toString()), rating)).toBeNull();
  });
});
