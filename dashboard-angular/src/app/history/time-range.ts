/** Range presets of the history page, relative to now. */
export interface RangePreset {
  id: string;
  label: string;
  durationMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const RANGE_PRESETS: readonly RangePreset[] = [
  { id: '1h', label: 'Hour', durationMs: HOUR },
  { id: '24h', label: 'Day', durationMs: DAY },
  { id: '7d', label: 'Week', durationMs: 7 * DAY },
  { id: '30d', label: 'Month', durationMs: 30 * DAY },
  { id: '90d', label: '90 days', durationMs: 90 * DAY },
];

export interface TimeRange {
  from: number;
  to: number;
}

export function presetRange(preset: RangePreset, nowMs = Date.now()): TimeRange {
  return { from: nowMs - preset.durationMs, to: nowMs };
}

/** The gateway refuses ranges over 400 days or with from ≥ to; say so before asking. */
export function validateRange(range: TimeRange): string | null {
  if (!Number.isFinite(range.from) || !Number.isFinite(range.to)) return 'Enter both a start and an end.';
  if (range.from >= range.to) return 'The start must be before the end.';
  if (range.to - range.from > 400 * DAY) return 'A range can be at most 400 days.';
  return null;
}

export function describeResolution(resolution: string, bucketMs: number | null | undefined): string {
  if (resolution === 'raw') return 'every reading';
  if (bucketMs) {
    const minutes = bucketMs / 60_000;
    if (minutes < 60) return `${minutes}-minute averages with min/max`;
    const hours = minutes / 60;
    if (hours < 24) return `${hours}-hour averages with min/max`;
    return `${hours / 24}-day averages with min/max`;
  }
  return `${resolution} averages with min/max`;
}
