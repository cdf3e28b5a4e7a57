import { ChangeDetectionStrategy, Component, computed, inject, input, output, viewChild } from '@angular/core';
import type { Chart, ChartData, ChartDataset, ChartOptions, Plugin } from 'chart.js';
import type {} from 'chartjs-plugin-zoom'; // its option types (plugins.zoom); registered in app.config.ts
import { BaseChartDirective } from 'ng2-charts';
import type { HistoryPoint, HistoryResponse } from '../api/api-types';
import { ChartTheme, withAlpha } from '../ui/chart-theme';
import { formatNumber } from '../ui/format';
import { TIME } from '../ui/time-format';
import type { Point } from '../shared/readings-store';
import type { TimeRange } from './time-range';

export type Metric = 'power_w' | 'voltage_v' | 'current_a';
export const METRICS: readonly { id: Metric; label: string; unit: string; decimals: number }[] = [
  { id: 'power_w', label: 'Power', unit: 'W', decimals: 0 },
  { id: 'voltage_v', label: 'Voltage', unit: 'V', decimals: 1 },
  { id: 'current_a', label: 'Current', unit: 'A', decimals: 2 },
];

interface SeriesMeta {
  deviceName: string;
  points: HistoryPoint[];
  kind: 'avg' | 'band';
}

/**
 * History of several devices overlaid, with a min/max band around each average when the data is a
 * rollup. Zoom with the wheel or a pinch, pan by dragging; the page refetches the new range at the
 * finest resolution that fits.
 */
@Component({
  selector: 'em-history-chart',
  imports: [BaseChartDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<div class="chart-box"><canvas baseChart type="line" role="img" [attr.aria-label]="ariaLabel()" [data]="data()" [options]="options()" [plugins]="plugins"></canvas></div>`,
  styles: `:host { display: block; min-width: 0; } .chart-box { position: relative; height: clamp(260px, 50vh, 460px); }`,
})
export class HistoryChart {
  private readonly theme = inject(ChartTheme);
  private readonly chartDirective = viewChild(BaseChartDirective);

  readonly history = input.required<HistoryResponse | null>();
  readonly metric = input.required<Metric>();
  readonly view = input.required<TimeRange>();
  readonly names = input<Record<string, string>>({});
  /** Unusual periods (the analytics service's findings) shaded behind the lines. */
  readonly unusual = input<readonly { start: number; end: number }[]>([]);

  /** Shades each unusual period over the whole plot height, under the data. */
  protected readonly plugins: Plugin<'line'>[] = [
    {
      id: 'unusualPeriods',
      beforeDatasetsDraw: (chart) => {
        const periods = this.unusual();
        if (periods.length === 0) return;
        const { ctx, chartArea } = chart;
        const x = chart.scales['x'];
        ctx.save();
        ctx.fillStyle = withAlpha(this.theme.colors().cost, 0.14);
        for (const p of periods) {
          const left = Math.max(chartArea.left, x.getPixelForValue(p.start));
          const right = Math.min(chartArea.right, x.getPixelForValue(p.end));
          if (right > left) ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
        }
        ctx.restore();
      },
    },
  ];
  /** The visible range after the user zoomed or panned. */
  readonly viewChange = output<TimeRange>();

  private readonly metricInfo = computed(() => METRICS.find((m) => m.id === this.metric())!);
  private readonly meta = new WeakMap<object, SeriesMeta>();

  readonly data = computed<ChartData<'line', Point[]>>(() => {
    const h = this.history();
    const metric = this.metric();
    const colors = this.theme.colors().series;
    const names = this.names();
    const datasets: ChartDataset<'line', Point[]>[] = [];
    if (!h) return { datasets };
    const band = h.resolution !== 'raw';
    h.series.forEach((s, i) => {
      const color = colors[i % colors.length];
      const name = names[s.deviceId] ?? s.deviceId;
      if (band) {
        const max: ChartDataset<'line', Point[]> = {
          label: `${name} max`,
          data: s.points.map((p) => ({ x: p.ts, y: p[metric].max })),
          borderWidth: 0,
          pointRadius: 0,
          backgroundColor: withAlpha(color, 0.18),
          fill: '+1', // to the min dataset right after it: the band
        };
        const min: ChartDataset<'line', Point[]> = { label: `${name} min`, data: s.points.map((p) => ({ x: p.ts, y: p[metric].min })), borderWidth: 0, pointRadius: 0, fill: false };
        this.meta.set(max, { deviceName: name, points: s.points, kind: 'band' });
        this.meta.set(min, { deviceName: name, points: s.points, kind: 'band' });
        datasets.push(max, min);
      }
      const avg: ChartDataset<'line', Point[]> = {
        label: name,
        data: s.points.map((p) => ({ x: p.ts, y: p[metric].avg })),
        borderColor: color,
        backgroundColor: color,
        borderWidth: 1.75,
        pointRadius: 0,
        pointHoverRadius: 3,
        fill: false,
        spanGaps: h.bucketMs ? h.bucketMs * 2.5 : false,
      };
      this.meta.set(avg, { deviceName: name, points: s.points, kind: 'avg' });
      datasets.push(avg);
    });
    return { datasets };
  });

  readonly ariaLabel = computed(() => {
    const h = this.history();
    const info = this.metricInfo();
    const n = h?.series.reduce((sum, s) => sum + s.points.length, 0) ?? 0;
    return `${info.label} history of ${h?.series.length ?? 0} device(s), ${n} points`;
  });

  readonly options = computed<ChartOptions<'line'>>(() => {
    const c = this.theme.colors();
    const view = this.view();
    const info = this.metricInfo();
    const span = view.to - view.from;
    const isBand = (ds: object) => this.meta.get(ds)?.kind === 'band';
    this.unusual(); // new periods redraw the chart
    return {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: {
        decimation: { enabled: true, algorithm: 'min-max' },
        legend: {
          position: 'bottom',
          labels: { color: c.text, usePointStyle: true, pointStyle: 'line', filter: (item, data) => !isBand(data.datasets[item.datasetIndex!]) },
        },
        tooltip: {
          filter: (item) => !isBand(item.dataset),
          callbacks: {
            label: (ctx) => {
              const m = this.meta.get(ctx.dataset);
              const p = m?.points[ctx.dataIndex];
              const v = `${formatNumber(ctx.parsed.y, info.decimals)} ${info.unit}`;
              if (!p || p.n <= 1) return ` ${m?.deviceName ?? ''}: ${v}`;
              const st = p[this.metric()];
              return ` ${m!.deviceName}: ${v} (min ${formatNumber(st.min, info.decimals)}, max ${formatNumber(st.max, info.decimals)})`;
            },
          },
        },
        zoom: {
          limits: { x: { minRange: 60_000 } },
          pan: { enabled: true, mode: 'x', onPanComplete: ({ chart }) => this.emitView(chart) },
          zoom: { wheel: { enabled: true, speed: 0.15 }, pinch: { enabled: true }, mode: 'x', onZoomComplete: ({ chart }) => this.emitView(chart) },
        },
      },
      scales: {
        x: {
          type: 'time',
          min: view.from,
          max: view.to,
          time: {
            tooltipFormat: span <= 2 * 86_400_000 ? TIME.chart.tooltipDateTime : TIME.chart.tooltipLongDateTime,
            displayFormats: { second: TIME.chart.second, minute: TIME.chart.minute, hour: TIME.chart.hour, day: TIME.chart.day, month: TIME.chart.month },
          },
          ticks: { color: c.muted, maxRotation: 0, autoSkipPadding: 20 },
          grid: { color: c.grid },
        },
        y: {
          grace: '5%',
          title: { display: true, text: `${info.label} (${info.unit})`, color: c.muted },
          ticks: { color: c.muted },
          grid: { color: c.grid },
          border: { display: false },
        },
      },
    };
  });

  zoomBy(factor: number): void {
    const chart = this.chartDirective()?.chart;
    if (!chart) return;
    (chart as Chart & { zoom(f: number): void }).zoom(factor);
    this.emitView(chart);
  }

  panBy(fraction: number): void {
    const chart = this.chartDirective()?.chart;
    if (!chart) return;
    const x = chart.scales['x'];
    (chart as Chart & { pan(d: { x: number }): void }).pan({ x: -fraction * x.width });
    this.emitView(chart);
  }

  private emitView(chart: Chart): void {
    const x = chart.scales['x'];
    this.viewChange.emit({ from: Math.round(x.min), to: Math.round(x.max) });
  }
}
