import { detectFindings } from '../anomalies/detect-findings';
import { FINDING_KINDS, overlaps, type Finding, type FindingKind } from '../anomalies/finding';
import type { LocalCalendar } from '../series/local-calendar';
import { MINUTE_MS, type MinuteSeries } from '../series/minute-series';
import { planInjections, type InjectedEvent } from './anomaly-injection';
import { houseProfile } from './house-profile';

export interface KindScore {
  events: number;
  detected: number;
  /** Findings of this kind that the injections caused (not already in the untouched data). */
  findings: number;
  truePositives: number;
  precision: number;
  recall: number;
}

export interface AnomalyScore {
  perKind: Record<FindingKind, KindScore>;
  /** What the untouched data gives: every finding there counts as a false alarm (nothing in it is labelled). */
  untouchedFindings: Finding[];
  weeksOfData: number;
  falseAlarmsPerWeek: number;
  events: Array<InjectedEvent & { detected: boolean }>;
}

const WEEK_MS = 7 * 24 * 3_600_000;

/**
 * Event-level precision and recall per kind. Each injected event (its own copy of the data) is
 * detected when a finding of its kind overlaps it. A finding in a copy that the untouched data
 * does not have (same kind, overlapping) was caused by the injection: it is a true positive when it
 * overlaps the event of its own kind, a false positive otherwise, whatever kind it is.
 */
export function scoreAnomalies(minutes: MinuteSeries, calendar: LocalCalendar, seed: number, onProgress?: (done: number, total: number) => void): AnomalyScore {
  const untouchedFindings = detectFindings(minutes, calendar);
  const profile = houseProfile(minutes, calendar);
  const plans = FINDING_KINDS.flatMap((kind, k) => planInjections(minutes, kind, seed * 7919 + k, profile, untouchedFindings));
  const perKind = Object.fromEntries(FINDING_KINDS.map((kind) => [kind, { events: 0, detected: 0, findings: 0, truePositives: 0, precision: 1, recall: 1 }])) as Record<FindingKind, KindScore>;
  const events: AnomalyScore['events'] = [];
  plans.forEach((plan, i) => {
    onProgress?.(i, plans.length);
    const found = detectFindings(plan.apply(), calendar).filter((f) => !untouchedFindings.some((u) => u.kind === f.kind && overlaps(u, f)));
    const detected = found.some((f) => f.kind === plan.event.kind && overlaps(f, plan.event));
    perKind[plan.event.kind].events++;
    if (detected) perKind[plan.event.kind].detected++;
    for (const f of found) {
      perKind[f.kind].findings++;
      if (f.kind === plan.event.kind && overlaps(f, plan.event)) perKind[f.kind].truePositives++;
    }
    events.push({ ...plan.event, detected });
  });
  onProgress?.(plans.length, plans.length);
  for (const score of Object.values(perKind)) {
    score.precision = score.findings > 0 ? score.truePositives / score.findings : 1;
    score.recall = score.events > 0 ? score.detected / score.events : Number.NaN;
  }
  const weeksOfData = (minutes.powerW.length * MINUTE_MS) / WEEK_MS;
  return { perKind, untouchedFindings, weeksOfData, falseAlarmsPerWeek: untouchedFindings.length / weeksOfData, events };
}
