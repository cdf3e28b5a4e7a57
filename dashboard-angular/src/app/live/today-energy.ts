import { Injectable, computed, inject, signal } from '@angular/core';
import type { EnergySummary, Telemetry } from '../api/api-types';
import { ApiClient } from '../api/api-client';
import { LiveStream } from '../shared/live-stream';

/** Resynchronise with the server's figure now and then (day rollover, time-of-use rates). */
const RESYNC_MS = 5 * 60_000;
/** Integrating power across a longer silence would invent energy. */
const MAX_GAP_MS = 60_000;

/**
 * Today's kWh and cost for one device: the server's summary, plus what the live readings added
 * since (from the device's energy counter when it has one, else power × time).
 */
@Injectable({ providedIn: 'root' })
export class TodayEnergy {
  private readonly api = inject(ApiClient);
  private readonly deviceId = signal<string | null>(null);
  private readonly summary = signal<EnergySummary | null>(null);
  private readonly extraWh = signal(0);
  private readonly ratePerKwh = signal<number | null>(null);
  private last: { ts: number; energyWh: number | null } | null = null;
  private resyncTimer: ReturnType<typeof setInterval> | null = null;

  readonly currency = computed(() => this.summary()?.currency ?? 'EUR');
  readonly kwh = computed(() => {
    const s = this.summary();
    return s ? s.todayKwh + this.extraWh() / 1000 : null;
  });
  readonly cost = computed(() => {
    const s = this.summary();
    if (!s) return null;
    return s.todayCost + (this.extraWh() / 1000) * (this.ratePerKwh() ?? 0);
  });

  constructor() {
    inject(LiveStream).on('reading', (t) => this.onReading(t));
  }

  track(deviceId: string | null): void {
    if (this.deviceId() === deviceId) return;
    this.deviceId.set(deviceId);
    this.summary.set(null);
    this.extraWh.set(0);
    this.last = null;
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.resyncTimer = null;
    if (!deviceId) return;
    void this.sync();
    this.resyncTimer = setInterval(() => void this.sync(), RESYNC_MS);
    if (this.ratePerKwh() === null) void this.api.tariff().then((t) => this.ratePerKwh.set(t.flatRatePerKwh), () => undefined);
  }

  private async sync(): Promise<void> {
    const id = this.deviceId();
    if (!id) return;
    try {
      const s = await this.api.energySummary([id]);
      if (this.deviceId() !== id) return;
      this.summary.set(s);
      this.extraWh.set(0);
    } catch {
      // keep the previous figure
    }
  }

  private onReading(t: Telemetry): void {
    if (t.device_id !== this.deviceId()) return;
    const prev = this.last;
    this.last = { ts: t.ts, energyWh: t.energy_wh };
    if (!prev || t.ts <= prev.ts) return;
    let wh: number;
    if (t.energy_wh !== null && prev.energyWh !== null && t.energy_wh >= prev.energyWh) wh = t.energy_wh - prev.energyWh;
    else if (t.ts - prev.ts <= MAX_GAP_MS) wh = (t.power_w * (t.ts - prev.ts)) / 3_600_000;
    else return;
    if (wh > 0 && wh < 10_000) this.extraWh.update((x) => x + wh);
  }
}
