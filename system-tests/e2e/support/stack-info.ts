/** What the global set-up started, handed to the test files through the environment. */
export interface StackInfo {
  gatewayUrl: string;
  mqttUrl: string;
  adminPassword: string;
  /** Simulated meters already provisioned, with their secrets. */
  devices: Record<string, string>;
  /** The ingest's broker password: the Insights test plays the ingest's telemetry stream. */
  ingestPassword: string;
}

const KEY = 'ENERGY_E2E_STACK';

export function publishStackInfo(info: StackInfo): void {
  process.env[KEY] = JSON.stringify(info);
}

export function stackInfo(): StackInfo {
  const raw = process.env[KEY];
  if (!raw) throw new Error('the e2e stack is not running: run through system-tests/e2e/jest.config.js (its globalSetup starts it)');
  return JSON.parse(raw) as StackInfo;
}
