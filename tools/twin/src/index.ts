export { runScenario, DEFAULT_SPEED, type RunOptions } from './runner/run-scenario';
export { createTwinLogger } from './runner/twin-logger';
export { loadScenarios, findScenario } from './scenarios';
export { defineScenario, STANDARD_RULE, seconds, minutes, hours, type Scenario, type TwinEvent, type LoadStep, type MeterModel } from './scenario';
export { LOADS, MIXED, steadyMixed, mixedWithKettle } from './loads';
export { formatTable, markdownTable, formatReasons, formatNotes, formatAccuracy } from './report/results-table';
export type { ScenarioResult } from './report/scenario-result';
