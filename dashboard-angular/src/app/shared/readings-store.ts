import { Injectable, inject, signal } from '@angular/core';
import type { HistoryPoint, Telemetry } from '../api/api-types';
import { ApiClient } from '../api/api-client';
import { LiveStream } from './live-stream';

/** A chart point as Chart.js takes it with `parsing: false`: x in UTC ms. */
export interface Point {
  x: number;
  y: number;
}

/** The three rolling series of one device. The arrays only grow at the end and shrink at the front. */
export interface DeviceSeries {
  readonly voltage: Point[];
  readonly current: Point[];
  readonly power: Point[];
}

export const WINDOW_CHOICES_MIN = [5, 15, 30, 60] as const;
export type WindowMinutes = (typeof WINDOW_CHOICES_MIN)[number];
/** Every watched device keeps the longest window, so switching 5 -> 60 minutes is instant. */
export const MAX_WINDOW_MS = 60 * 60_000;
/** Trim the front in batches: one splice every 30 readings instead of one per reading. */
const TRIM_SLACK = 30;

/**
 * Rolling windows of live readings, fed by the live push.
 *
 * Only watched devices (those on screen) keep a window; every device keeps its latest reading.
 * The point arrays are appended to in place, and `revision` ticks after each change: the charts
 * derive their data in a `computed()` from it and Chart.js, which listens to the arrays, only
 * processes the new points instead of rebuilding all 3,600.
 */
@Injectable({ providedIn: 'root' })
export class ReadingsStore {
  private readonly api = inject(ApiClient);
  private readonly series = new Map<string, DeviceSeries>();
  private readonly revisionSignal = signal(0);
  private readonly latestSignal = signal<ReadonlyMap<string, Telemetry>>(new Map());

  /** Ticks whenever a watched series changed. */
  readonly revision = this.revisionSignal.asReadonly();
  /** The newest reading of every device heard from since the page opened. */
  readonly latest = this.latestSignal.asReadonly();
  readonly windowMinutes = signal<WindowMinutes>(15);

  constructor() {
    const live = inject(LiveStream);
    live.on('reading', (t) => this.add(t));
    // After a drop-out the gap is filled from the stored history.
    live.on('open', ({ reconnected }) => {
      if (reconnected) for (const id of this.series.keys()) void this.backfill(id);
    });
  }

  /** Starts keeping a window for a device (and fills it from history); returns its series. */
  watch(deviceId: string): DeviceSeries {
    let s = this.series.get(deviceId);
    if (!s) {
      s = { voltage: [], current: [], power: [] };
      this.series.set(deviceId, s);
      void this.backfill(deviceId);
    }
    return s;
  }

  /** Watches this device and stops watching every other one (the live page shows one at a time). */
  watchOnly(deviceId: string | null): void {
    for (const id of [...this.series.keys()]) if (id !== deviceId) this.unwatch(id);
  }

  unwatch(deviceId: string): void {
    if (this.series.delete(deviceId)) this.revisionSignal.update((r) => r + 1);
  }

  seriesOf(deviceId: string): DeviceSeries | undefined {
    return this.series.get(deviceId);
  }

  add(t: Telemetry): void {
    const prev = this.latestSignal().get(t.device_id);
    if (!prev || prev.ts <= t.ts) {
      const next = new Map(this.latestSignal());
      next.set(t.device_id, t);
      this.latestSignal.set(next);
    }
    const s = this.series.get(t.device_id);
    if (!s) return;
    if (insert(s.power, { x: t.ts, y: t.power_w })) {
      insert(s.voltage, { x: t.ts, y: t.voltage_v });
      insert(s.current, { x: t.ts, y: t.current_a });
      trim(s);
      this.revisionSignal.update((r) => r + 1);
    }
  }

  /** Fills a window with the stored raw readings of the last hour (what came before the page opened). */
  async backfill(deviceId: string, nowMs = Date.now()): Promise<void> {
    try {
      const history = await this.api.history([deviceId], nowMs - MAX_WINDOW_MS, nowMs + 1, 'raw');
      const points = history.series.find((x) => x.deviceId === deviceId)?.points ?? [];
      this.merge(deviceId, points);
    } catch {
      // Live data still flows; a failed backfill only leaves the start of the window empty.
    }
  }

  /** Merges stored points into a window, keeping it sorted and free of duplicates. */
  merge(deviceId: string, points: readonly HistoryPoint[]): void {
    const s = this.series.get(deviceId);
    if (!s || points.length === 0) return;
    let changed = false;
    for (const p of points) {
      if (insert(s.power, { x: p.ts, y: p.power_w.avg })) {
        insert(s.voltage, { x: p.ts, y: p.voltage_v.avg });
        insert(s.current, { x: p.ts, y: p.current_a.avg });
        changed = true;
      }
    }
    if (!changed) return;
    trim(s);
    this.revisionSignal.update((r) => r + 1);
  }
}

/** Inserts in time order (readings re-sent after a reconnect arrive late); false for a duplicate. */
function insert(points: Point[], p: Point): boolean {
  const last = points[points.length - 1];
  if (!last || last.x < p.x) {
    points.push(p);
    return true;
  }
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid].x < p.x) lo = mid + 1;
    else hi = mid;
  }
  if (points[lo]?.x === p.x) return false;
  points.splice(lo, 0, p);
  return true;
}

function trim(s: DeviceSeries): void {
  const newest = s.power[s.power.length - 1]?.x;
  if (newest === undefined) return;
  const cutoff = newest - MAX_WINDOW_MS;
  let stale = 0;
  while (stale < s.power.length && s.power[stale].x < cutoff) stale++;
  if (stale < TRIM_SLACK && s.power.length <= 3 * 3600) return;
  for (const arr of [s.voltage, s.current, s.power]) arr.splice(0, stale);
}
