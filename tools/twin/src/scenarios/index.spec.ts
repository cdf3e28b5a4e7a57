import { minimumDurationMs } from '../scenario';
import { findScenario, loadScenarios } from './index';

describe(loadScenarios.name, () => {
  const scenarios = loadScenarios();

  it('finds every scenario file, and each fits its own events', () => {
    expect(scenarios.map((s) => s.name)).toEqual(expect.arrayContaining(['steady-mixed', 'power-cut-1min', 'power-cut-1h', 'power-cut-8h', 'esp32-reset', 'uno-reset', 'wifi-outage-2h', 'nvs-failures', 'ingest-kill-backlog', 'db-cut-backlog']));
    for (const s of scenarios) {
      expect(s.durationMs).toBeGreaterThanOrEqual(minimumDurationMs(s));
      expect(s.loads(0, s.durationMs)[0]!.atMs).toBe(0);
    }
  });

  it('tests accuracy with the real UNO binary and the long outages with the host meter', () => {
    expect(findScenario('steady-mixed', scenarios).meter).toBe('avr8js');
    expect(findScenario('power-cut-8h', scenarios).meter).toBe('host');
    expect(() => findScenario('nope', scenarios)).toThrow(/no scenario "nope"; there are: steady-mixed/);
  });
});
