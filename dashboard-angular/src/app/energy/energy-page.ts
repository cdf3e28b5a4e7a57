import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import type { ChartData, ChartOptions } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import type { EnergyPeriod, EnergyReport, EnergySummary, ForecastMessage, Resolution } from '../api/api-types';
import { ApiClient, errorMessage } from '../api/api-client';
import { DevicesStore } from '../shared/devices-store';
import { AnalyticsApi, SITE } from '../insights/analytics-api';
import { ChartTheme, withAlpha } from '../ui/chart-theme';
import { formatEnergy, formatMoney } from '../ui/format';

interface EnergyView {
  id: string;
  label: string;
  period: EnergyPeriod;
  /** CSV resolution for the same range. */
  csv: Resolution;
  range(now: Date): { from: number; to: number };
}

const DAY = 86_400_000;
const DAY_LABEL = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const MONTH_LABEL = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });

/**
 * "26 Nov" for days, "Nov 2026" for months: the server's ISO labels (site-local dates) are long for a
 * bar axis. Parsed from the label, not from `start`, so a browser in another time zone shows the site's day.
 */
export function shortLabel(label: string, period: EnergyPeriod): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(label);
  if (!m || period === 'hour' || period === 'week') return label;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3] ?? 1));
  return (period === 'month' ? MONTH_LABEL : DAY_LABEL).format(date);
}
const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();

export const ENERGY_VIEWS: readonly EnergyView[] = [
  { id: '7d', label: '7 days', period: 'day', csv: 'hour', range: (now) => ({ from: startOfDay(now) - 6 * DAY, to: now.getTime() }) },
  { id: '30d', label: '30 days', period: 'day', csv: 'hour', range: (now) => ({ from: startOfDay(now) - 29 * DAY, to: now.getTime() }) },
  { id: '12m', label: '12 months', period: 'month', csv: 'day', range: (now) => ({ from: new Date(now.getFullYear(), now.getMonth() - 11, 1).getTime(), to: now.getTime() }) },
];

/** kWh per day or month as bars, the cost from the tariff, month to date and the month-end projection. */
@Component({
  selector: 'em-energy-page',
  imports: [BaseChartDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './energy-page.html',
  styleUrl: './energy-page.css',
})
export class EnergyPage {
  private readonly api = inject(ApiClient);
  private readonly analytics = inject(AnalyticsApi);
  private readonly theme = inject(ChartTheme);
  protected readonly devicesStore = inject(DevicesStore);

  protected readonly views = ENERGY_VIEWS;
  readonly viewId = signal('30d');
  /** '' = the whole site. */
  readonly deviceId = signal('');
  readonly report = signal<EnergyReport | null>(null);
  readonly summary = signal<EnergySummary | null>(null);
  /** The analytics service's forecast (null until a device has about 3 weeks of history, or if the service is away). */
  readonly forecast = signal<ForecastMessage | null>(null);
  /**
   * The month-end projection: the forecast's (energy so far plus every remaining hour forecast, with
   * its 10–90 % range) when there is one, else the gateway's straight line. Costs at this month's
   * average price so far.
   */
  readonly projection = computed(() => {
    const f = this.forecast();
    const s = this.summary();
    if (!f) return s ? { kwh: s.projectedMonthKwh, cost: s.projectedMonthCost, low: null, high: null, fromForecast: false } : null;
    const price = s && s.monthToDateKwh > 0 ? s.monthToDateCost / s.monthToDateKwh : null;
    const cost = (kwh: number) => (price === null ? null : kwh * price);
    return { kwh: f.month.projected_kwh, cost: cost(f.month.projected_kwh), low: f.month.low_kwh, high: f.month.high_kwh, fromForecast: true };
  });
  readonly error = signal<string | null>(null);
  readonly loading = signal(false);
  readonly exporting = signal(false);
  private readonly shownRange = signal<{ from: number; to: number } | null>(null);

  private readonly view = computed(() => ENERGY_VIEWS.find((v) => v.id === this.viewId()) ?? ENERGY_VIEWS[1]);
  protected readonly currency = computed(() => this.summary()?.currency ?? this.report()?.currency ?? 'EUR');
  protected readonly money = (v: number | null | undefined) => formatMoney(v, this.currency());
  protected readonly kwh = formatEnergy;

  /** kWh as bars (left axis) and what they cost as a line (right axis), in one chart. */
  readonly chartData = computed<ChartData<'bar'>>(() => {
    const r = this.report();
    const c = this.theme.colors();
    // Days ahead (rest of the month, by day) from the forecast, with the 10–90 % band; day views only.
    const f = r?.period === 'day' ? this.forecast() : null;
    const shown = new Set(r?.buckets.map((b) => b.label) ?? []);
    const ahead = (f?.days ?? []).filter((d) => !shown.has(d.date));
    const pad = (values: number[]) => [...(r?.buckets.map(() => null) ?? []), ...values];
    const forecastSets = ahead.length === 0 ? [] : [
      { type: 'line' as const, label: 'Forecast low', data: pad(ahead.map((d) => d.low_kwh)), yAxisID: 'y', borderWidth: 0, pointRadius: 0, fill: false, backgroundColor: 'transparent', order: 3 },
      { type: 'line' as const, label: 'Forecast range (10–90 %)', data: pad(ahead.map((d) => d.high_kwh)), yAxisID: 'y', borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: withAlpha(c.energy, 0.2), order: 3 },
      { type: 'line' as const, label: 'Forecast (kWh)', data: pad(ahead.map((d) => d.kwh)), yAxisID: 'y', borderColor: c.energy, borderDash: [5, 4], borderWidth: 2, pointRadius: 2, order: 2 },
    ];
    const cost = {
      type: 'line' as const,
      label: `Cost (${this.currency()})`,
      data: r?.buckets.map((b) => b.cost) ?? [],
      yAxisID: 'yCost',
      borderColor: c.cost,
      backgroundColor: c.cost,
      borderWidth: 2,
      pointRadius: 2.5,
      order: 0,
    };
    return {
      labels: [...(r?.buckets.map((b) => shortLabel(b.label, r.period)) ?? []), ...ahead.map((d) => shortLabel(d.date, 'day'))],
      datasets: [
        { label: 'Energy (kWh)', data: r?.buckets.map((b) => b.kwh) ?? [], backgroundColor: c.energy, borderRadius: 4, maxBarThickness: 36, yAxisID: 'y', order: 1 },
        // Chart.js mixes types per dataset; the typings only know the chart's own type.
        cost as unknown as ChartData<'bar'>['datasets'][number],
        ...(forecastSets as unknown as ChartData<'bar'>['datasets']),
      ],
    };
  });

  readonly chartOptions = computed<ChartOptions<'bar'>>(() => {
    const c = this.theme.colors();
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { position: 'bottom', labels: { color: c.text, usePointStyle: true, filter: (item) => item.text !== 'Forecast low' } },
        tooltip: {
          callbacks: {
            label: (ctx) => (ctx.dataset.yAxisID === 'yCost' ? ` Cost: ${this.money(ctx.parsed.y)}` : ` ${ctx.dataset.label?.startsWith('Forecast') ? ctx.dataset.label.replace(' (kWh)', '') : 'Energy'}: ${formatEnergy(ctx.parsed.y)} kWh`),
          },
        },
      },
      scales: {
        x: { ticks: { color: c.muted, maxRotation: 0, autoSkipPadding: 8 }, grid: { display: false } },
        y: { beginAtZero: true, title: { display: true, text: 'kWh', color: c.muted }, ticks: { color: c.muted }, grid: { color: c.grid }, border: { display: false } },
        yCost: {
          position: 'right',
          beginAtZero: true,
          title: { display: true, text: this.currency(), color: c.muted },
          ticks: { color: c.muted, callback: (v) => this.money(Number(v)) },
          grid: { display: false },
          border: { display: false },
        },
      },
    };
  });

  constructor() {
    effect(() => {
      const view = this.view();
      const device = this.deviceId();
      untracked(() => void this.load(view, device));
    });
  }

  private async load(view: EnergyView, device: string): Promise<void> {
    const devices = device ? [device] : null;
    const range = view.range(new Date());
    this.loading.set(true);
    try {
      const [report, summary, forecast] = await Promise.all([
        this.api.energy(devices, range.from, range.to, view.period),
        this.api.energySummary(devices),
        this.analytics.forecast(device || SITE).catch(() => null),
      ]);
      if (view !== this.view() || device !== this.deviceId()) return;
      this.forecast.set(forecast);
      this.report.set(report);
      this.summary.set(summary);
      this.shownRange.set(range);
      this.error.set(null);
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.loading.set(false);
    }
  }

  /** Downloads the readings behind the shown range (a plain link cannot send the session token). */
  async exportCsv(): Promise<void> {
    const range = this.shownRange();
    const devices = this.deviceId() ? [this.deviceId()] : this.devicesStore.devices().slice(0, 20).map((d) => d.id);
    if (!range || devices.length === 0) return;
    this.exporting.set(true);
    try {
      const blob = await this.api.exportCsv(devices, range.from, range.to, this.view().csv);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `energy-${this.deviceId() || 'site'}-${this.view().id}-${new Date(range.to).toISOString().slice(0, 10)}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      this.error.set(`Export failed: ${errorMessage(err)}`);
    } finally {
      this.exporting.set(false);
    }
  }
}
