import { groupSignatures, matchSignature } from '../appliances/signatures';
import { simulateAppliances } from '../appliances/simulated-truth';
import { scoreSteps } from '../appliances/step-scoring';

/** `appliances --simulate SEED [--hours H]`: the step detector and signatures scored on the device simulator. */
export function runAppliances(options: { seed: number; hours: number }): number {
  const run = simulateAppliances(options.seed, options.hours);
  const score = scoreSteps(run.truth, run.detected);
  const signatures = groupSignatures(run.events);
  const lines = [
    `Device simulator, seed ${options.seed}, ${options.hours} h at 1 Hz (spikes every 10 min on average)`,
    `Steps of 100 W and more: ${score.truth} true, ${score.detected} detected, ${score.matched} matched: precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)}, F1 ${score.f1.toFixed(3)}`,
    `Signatures (${signatures.length}):`,
    ...signatures.map((s) => `  ${s.id.padEnd(16)} ${String(s.events).padStart(3)} runs  ${s.sentence}`),
    'Each simulated appliance: the signature most of its runs fall in',
  ];
  for (const appliance of ['fridge', 'kettle', 'heater']) {
    const counts = new Map<string, number>();
    const runs = run.runs.filter((r) => r.appliance === appliance);
    for (const r of runs) {
      const event = run.events.find((e) => Math.abs(e.startMs - r.startMs) <= 5_000 && Math.abs(e.startMs + e.durationMs - r.endMs) <= 5_000);
      const signature = event ? matchSignature(event, signatures) : null;
      if (signature) counts.set(signature.id, (counts.get(signature.id) ?? 0) + 1);
    }
    const [id, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
    lines.push(`  ${appliance.padEnd(7)} ${runs.length} runs, ${count} in ${id}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return score.f1 >= 0.9 ? 0 : 1;
}
