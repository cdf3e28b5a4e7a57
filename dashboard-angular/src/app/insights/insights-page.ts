import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import type { ChartData, ChartOptions } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import type { ConsumersView, FindingMessage, ForecastMessage, ForecastVsActual, SignatureView } from '../api/api-types';
import { errorMessage } from '../api/api-client';
import { DevicesStore } from '../shared/devices-store';
import { ChartTheme, withAlpha } from '../ui/chart-theme';
import { formatEnergy } from '../ui/format';
import { AnalyticsApi, FINDING_LABELS, SITE } from './analytics-api';

const HOUR = 3_600_000;
const WHEN = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const HOUR_LABEL = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit' });

/** "15 min", "1 h 20 min" */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/**
 * What the analytics service found (docs/analytics.md): the always-on load and the appliances of a
 * device (signatures the user can name), recent unusual consumption with the sentence that says why,
 * and the forecast against what happened over the past week.
 */
@Component({
  selector: 'em-insights-page',
  imports: [BaseChartDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './insights-page.html',
  styleUrl: './insights-page.css',
})
export class InsightsPage {
  private readonly api = inject(AnalyticsApi);
  private readonly theme = inject(ChartTheme);
  protected readonly devicesStore = inject(DevicesStore);

  /** '' until the devices are known: then the first device. */
  readonly deviceId = signal('');
  readonly consumers = signal<ConsumersView | null>(null);
  readonly signatures = signal<SignatureView[]>([]);
  readonly findings = signal<FindingMessage[]>([]);
  readonly forecast = signal<ForecastMessage | null>(null);
  readonly pastWeek = signal<ForecastVsActual | null>(null);
  readonly errors = signal<Record<string, string>>({});
  readonly saving = signal<string | null>(null);
  /** Draft names by signature id, as typed. */
  readonly drafts = signal<Record<string, string>>({});

  protected readonly kwh = formatEnergy;
  protected readonly duration = duration;
  protected readonly when = (ms: number) => WHEN.format(ms);
  protected readonly findingLabel = (kind: string) => FINDING_LABELS[kind] ?? kind;
  protected readonly pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(v * 100)} %`);

  readonly weekChart = computed<ChartData<'line'>>(() => {
    const w = this.pastWeek();
    const c = this.theme.colors();
    const labels = w ? w.actual_kwh.map((_, i) => HOUR_LABEL.format(w.start_ms + i * HOUR)) : [];
    return {
      labels,
      datasets: [
        { label: 'Band low', data: w?.low_kwh ?? [], borderWidth: 0, pointRadius: 0, fill: false, backgroundColor: 'transparent', spanGaps: false },
        { label: 'Forecast band (10–90 %)', data: w?.high_kwh ?? [], borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: withAlpha(c.energy, 0.18), spanGaps: false },
        { label: 'Forecast a day before (kWh)', data: w?.forecast_kwh ?? [], borderColor: c.cost, borderDash: [5, 4], borderWidth: 1.5, pointRadius: 0, spanGaps: false },
        { label: 'Actual (kWh)', data: w?.actual_kwh ?? [], borderColor: c.energy, borderWidth: 2, pointRadius: 0, spanGaps: false },
      ],
    };
  });

  readonly weekOptions = computed<ChartOptions<'line'>>(() => {
    const c = this.theme.colors();
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom', labels: { color: c.text, filter: (item) => item.text !== 'Band low' } } },
      scales: {
        x: { ticks: { color: c.muted, maxRotation: 0, autoSkipPadding: 16 }, grid: { display: false } },
        y: { beginAtZero: true, title: { display: true, text: 'kWh per hour', color: c.muted }, ticks: { color: c.muted }, grid: { color: c.grid } },
      },
    };
  });

  constructor() {
    effect(() => {
      const devices = this.devicesStore.devices();
      if (!this.deviceId() && devices.length > 0) untracked(() => this.deviceId.set(devices[0]!.id));
    });
    effect(() => {
      const device = this.deviceId();
      if (device) untracked(() => void this.load(device));
    });
  }

  private setError(part: string, message: string | null): void {
    this.errors.update((e) => {
      const next = { ...e };
      if (message === null) delete next[part];
      else next[part] = message;
      return next;
    });
  }

  /** Each part loads on its own: a forecast that is not there yet must not hide the signatures. */
  private async load(device: string): Promise<void> {
    const part = async <T>(name: string, fetch: () => Promise<T>, set: (v: T | null) => void) => {
      try {
        const value = await fetch();
        if (device !== this.deviceId()) return;
        set(value);
        this.setError(name, null);
      } catch (err) {
        if (device !== this.deviceId()) return;
        set(null);
        this.setError(name, errorMessage(err));
      }
    };
    await Promise.all([
      part('consumers', () => this.api.consumers(device, 24), (v) => this.consumers.set(v)),
      part('signatures', () => this.api.signatures(device), (v) => this.signatures.set(v ?? [])),
      part('findings', () => this.api.findings(device), (v) => this.findings.set(v?.findings ?? [])),
      part('forecast', () => this.api.forecast(device), (v) => this.forecast.set(v)),
      part('pastWeek', () => this.api.pastWeek(device), (v) => this.pastWeek.set(v)),
    ]);
  }

  draft(signature: SignatureView): string {
    return this.drafts()[signature.id] ?? signature.name ?? '';
  }

  setDraft(id: string, value: string): void {
    this.drafts.update((d) => ({ ...d, [id]: value }));
  }

  async saveName(signature: SignatureView): Promise<void> {
    const name = this.draft(signature).trim();
    this.saving.set(signature.id);
    try {
      const saved = await this.api.renameSignature(this.deviceId(), signature.id, name === '' ? null : name);
      this.signatures.update((list) => list.map((s) => (s.id === saved.id ? saved : s)));
      this.drafts.update((d) => {
        const next = { ...d };
        delete next[signature.id];
        return next;
      });
      this.setError('signatures', null);
    } catch (err) {
      this.setError('signatures', errorMessage(err));
    } finally {
      this.saving.set(null);
    }
  }

  protected readonly site = SITE;
}
