import { ConfigError } from '@energy/service-kit';
import { loadIngestConfig } from './env';

describe(loadIngestConfig.name, () => {
  it("takes the meters' rating from MAX_CURRENT_A, 32 A by default", () => {
    expect(loadIngestConfig({}).meter).toEqual({ maxCurrentA: 32 });
    expect(loadIngestConfig({ MAX_CURRENT_A: '20.5' }).meter).toEqual({ maxCurrentA: 20.5 });
  });

  it.each([
    ['0', 'MAX_CURRENT_A: must be above 0'],
    ['150', "MAX_CURRENT_A: must be at most 100 (the reading contract's limit)"],
    ['lots', 'MAX_CURRENT_A: must be a number of amperes'],
  ])('refuses MAX_CURRENT_A=%s at start-up', (value, message) => {
    expect(() => loadIngestConfig({ MAX_CURRENT_A: value })).toThrow(ConfigError);
    expect(() => loadIngestConfig({ MAX_CURRENT_A: value })).toThrow(message);
  });
});
