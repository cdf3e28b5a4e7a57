import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked, viewChild } from '@angular/core';
import type { FindingMessage, HistoryResponse } from '../api/api-types';
import { ApiClient, errorMessage } from '../api/api-client';
import { AnalyticsApi } from '../insights/analytics-api';
import { DevicesStore } from '../shared/devices-store';
import { formatDateTime, fromLocalInput, toLocalInput } from '../ui/format';
import { HistoryChart, METRICS, type Metric } from './history-chart';
import { RANGE_PRESETS, describeResolution, presetRange, validateRange, type TimeRange } from './time-range';

const MAX_DEVICES = 20;
/** Zooming fires many view changes; fetch once the user pauses. */
const FETCH_DEBOUNCE_MS = 250;

@Component({
  selector: 'em-history-page',
  imports: [HistoryChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './history-page.html',
  styleUrl: './history-page.css',
})
export class HistoryPage {
  private readonly api = inject(ApiClient);
  private readonly devicesStore = inject(DevicesStore);
  private readonly analytics = inject(AnalyticsApi);
  /** Recent findings of every device (the analytics service keeps 7 days); none when it is away. */
  readonly findings = signal<FindingMessage[]>([]);
  /** The shown devices' unusual periods that overlap the view, shaded on the chart and listed below it. */
  readonly unusualInView = computed(() => {
    const devices = new Set(this.selectedDevices());
    const view = this.view();
    return this.findings()
      .filter((f) => devices.has(f.device_id) && f.end_ms > view.from && f.start_ms < view.to)
      .map((f) => ({ key: `${f.device_id}|${f.kind}|${f.start_ms}`, start: f.start_ms, end: f.end_ms, sentence: `${f.device_id}: ${f.sentence}` }));
  });
  private readonly chart = viewChild(HistoryChart);

  protected readonly presets = RANGE_PRESETS;
  protected readonly metrics = METRICS;
  protected readonly devices = this.devicesStore.devices;

  readonly presetId = signal<string | 'custom'>('1h');
  readonly range = signal<TimeRange>(presetRange(RANGE_PRESETS[0]));
  /** What the chart shows: the range, or the part of it the user zoomed into. */
  readonly view = signal<TimeRange>(this.range());
  readonly metric = signal<Metric>('power_w');
  private readonly chosen = signal<readonly string[] | null>(null);
  /** Until the user picks, the device chosen on the live page (else the first one). */
  readonly selectedDevices = computed(() => {
    const chosen = this.chosen();
    if (chosen) return chosen;
    const active = this.devicesStore.active();
    const preferred = this.devicesStore.preferred();
    const first = active.find((d) => d.id === preferred) ?? active[0];
    return first ? [first.id] : [];
  });

  readonly history = signal<HistoryResponse | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);

  protected readonly customFrom = signal(toLocalInput(this.range().from));
  protected readonly customTo = signal(toLocalInput(this.range().to));
  protected readonly customError = signal<string | null>(null);

  protected readonly names = computed(() => Object.fromEntries(this.devices().map((d) => [d.id, d.name])));
  protected readonly zoomed = computed(() => this.view().from !== this.range().from || this.view().to !== this.range().to);
  protected readonly pointCount = computed(() => this.history()?.series.reduce((n, s) => n + s.points.length, 0) ?? 0);
  protected readonly resolutionText = computed(() => {
    const h = this.history();
    return h ? describeResolution(h.resolution, h.bucketMs) : '';
  });
  protected readonly viewText = computed(() => `${formatDateTime(this.view().from)} – ${formatDateTime(this.view().to)}`);

  private requestSeq = 0;

  constructor() {
    void this.analytics
      .findings()
      .then((r) => this.findings.set(r.findings))
      .catch(() => this.findings.set([]));
    effect((onCleanup) => {
      const devices = this.selectedDevices();
      const view = this.view();
      const timer = setTimeout(() => untracked(() => void this.fetch(devices, view)), FETCH_DEBOUNCE_MS);
      onCleanup(() => clearTimeout(timer));
    });
  }

  choosePreset(id: string): void {
    const preset = RANGE_PRESETS.find((p) => p.id === id);
    if (!preset) return;
    this.presetId.set(id);
    this.setRange(presetRange(preset));
  }

  chooseCustom(): void {
    this.presetId.set('custom');
  }

  applyCustom(): void {
    const range = { from: fromLocalInput(this.customFrom()) ?? NaN, to: fromLocalInput(this.customTo()) ?? NaN };
    const problem = validateRange(range);
    this.customError.set(problem);
    if (!problem) this.setRange(range);
  }

  toggleDevice(id: string, checked: boolean): void {
    const current = new Set(this.selectedDevices());
    if (checked) current.add(id);
    else current.delete(id);
    if (current.size > MAX_DEVICES) return;
    this.chosen.set(this.devices().filter((d) => current.has(d.id)).map((d) => d.id));
  }

  resetZoom(): void {
    this.view.set(this.range());
  }

  zoom(factor: number): void {
    this.chart()?.zoomBy(factor);
  }

  pan(fraction: number): void {
    this.chart()?.panBy(fraction);
  }

  onViewChange(view: TimeRange): void {
    if (view.to - view.from < 60_000) return;
    this.view.set(view);
  }

  private setRange(range: TimeRange): void {
    this.range.set(range);
    this.view.set(range);
    this.customFrom.set(toLocalInput(range.from));
    this.customTo.set(toLocalInput(range.to));
  }

  private async fetch(devices: readonly string[], view: TimeRange): Promise<void> {
    const seq = ++this.requestSeq;
    if (devices.length === 0) {
      this.history.set(null);
      return;
    }
    this.loading.set(true);
    try {
      const h = await this.api.history([...devices], view.from, view.to);
      if (seq !== this.requestSeq) return; // a newer request superseded this one
      this.history.set(h);
      this.error.set(null);
    } catch (err) {
      if (seq === this.requestSeq) this.error.set(errorMessage(err));
    } finally {
      if (seq === this.requestSeq) this.loading.set(false);
    }
  }
}
