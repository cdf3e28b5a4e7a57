import { formatReport, runChaos } from './scenario';

/**
 * The chaos soak, compressed for the test suite: 2 minutes, 200 devices at 1 Hz, every service
 * SIGKILLed and restarted, a 10 s database cut, a burst of 2,000 readings and a device sending out
 * of order and duplicated. The long version is `npm run chaos`.
 */
it('keeps every reading exactly once, rollups right, alerts single and memory flat under faults', async () => {
  const lines: string[] = [];
  const report = await runChaos({ minutes: 2, devices: 200, dbCutMs: 10_000, burstReadings: 2_000, log: (l) => lines.push(l) });
  const text = `${lines.join('\n')}\n${formatReport(report)}`;
  if (!report.pass) throw new Error(text);
  expect(report.faults.map((f) => f.fault).sort()).toEqual(['burst', 'db cut', 'disorder', 'kill alert', 'kill broker', 'kill gateway', 'kill ingest']);
  expect(report.checks.every((c) => c.pass)).toBe(true);
}, 240_000);
