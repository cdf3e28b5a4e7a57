import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Scenario } from '../scenario';

/**
 * Every scenario in this folder, one per file (`export default defineScenario({...})`), found by
 * listing the folder: adding a scenario is adding a file. The file name is the scenario's name.
 */
export function loadScenarios(dir = __dirname): Scenario[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.endsWith('.d.ts') && f !== 'index.ts')
    .map((f) => {
      const scenario = (require(join(dir, f)) as { default?: Scenario }).default;
      if (!scenario) throw new Error(`${f} has no default export (export default defineScenario({...}))`);
      if (scenario.name !== basename(f, '.ts')) throw new Error(`${f} defines scenario ${JSON.stringify(scenario.name)}: the file must be named after it`);
      return scenario;
    })
    .sort((a, b) => MATRIX_ORDER.indexOf(a.name) - MATRIX_ORDER.indexOf(b.name) || a.name.localeCompare(b.name));
}

/** The table's order (any scenario not listed comes after these). */
const MATRIX_ORDER = ['steady-mixed', 'power-cut-1min', 'power-cut-1h', 'power-cut-8h', 'esp32-reset', 'uno-reset', 'wifi-outage-2h', 'broker-outage-2h', 'cut-during-outage', 'nvs-failures', 'ingest-kill-backlog', 'db-cut-backlog'];

export function findScenario(name: string, scenarios = loadScenarios()): Scenario {
  const found = scenarios.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario ${JSON.stringify(name)}; there are: ${scenarios.map((s) => s.name).join(', ')}`);
  return found;
}
