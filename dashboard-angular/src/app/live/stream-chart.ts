import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { ChartData, ChartDataset, ChartOptions } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import { ChartTheme, withAlpha } from '../ui/chart-theme';
import { formatNumber } from '../ui/format';
import { TIME } from '../ui/time-format';
import type { Point } from '../shared/readings-store';

type LineData = ChartData<'line', Point[]>;

/**
 * One streaming line chart. Settings for a 1 Hz stream over up to an hour: no animation,
 * `parsing: false` (points are already {x: ms, y}), min-max decimation, a time axis whose window
 * slides with the newest point. The dataset object stays the same while the device does, so
 * Chart.js keeps its elements and only handles the points pushed since the last frame.
 */
@Component({
  selector: 'em-stream-chart',
  imports: [BaseChartDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="chart-card card" [attr.data-latest-ts]="latestTs()" [attr.data-points]="pointCount()">
      <figcaption class="chart-head">
        <h2 class="chart-title">{{ label() }}</h2>
        <span class="chart-now" aria-live="off">
          <strong>{{ latestText() }}</strong> <span class="unit">{{ unit() }}</span>
        </span>
      </figcaption>
      <div class="chart-box">
        <canvas baseChart type="line" role="img" [attr.aria-label]="ariaLabel()" [data]="data()" [options]="options()"></canvas>
      </div>
      <p class="chart-foot muted">{{ pointCount() }} points in view</p>
    </figure>
  `,
  styleUrl: './stream-chart.css',
})
export class StreamChart {
  private readonly theme = inject(ChartTheme);

  readonly label = input.required<string>();
  readonly unit = input.required<string>();
  readonly decimals = input(1);
  readonly color = input.required<'voltage' | 'current' | 'power'>();
  /** The store's array for this metric; appended to in place. */
  readonly points = input.required<Point[]>();
  /** The store's revision: the signal that new points arrived. */
  readonly revision = input.required<number>();
  readonly windowMs = input.required<number>();

  private readonly dataset = computed<ChartDataset<'line', Point[]>>(() => {
    const color = this.theme.colors()[this.color()];
    return {
      label: `${this.label()} (${this.unit()})`,
      data: this.points(),
      borderColor: color,
      backgroundColor: withAlpha(color, 0.12),
      borderWidth: 1.75,
      fill: this.color() === 'power' ? 'origin' : false,
      pointRadius: 0,
      pointHoverRadius: 3,
      spanGaps: 65_000, // a silence over a minute (device offline) shows as a break
      normalized: true,
    };
  });

  readonly data = computed<LineData>(() => {
    this.revision();
    return { datasets: [this.dataset()] };
  });

  /** Time of the newest point (UTC ms), or null before the first. */
  readonly latestTs = computed(() => {
    this.revision();
    const pts = this.points();
    return pts.length ? pts[pts.length - 1].x : null;
  });

  private readonly endMs = computed(() => this.latestTs() ?? Date.now());

  /** Points inside the window (the store keeps an hour; a shorter window shows its end). */
  readonly pointCount = computed(() => {
    this.revision();
    const from = this.endMs() - this.windowMs();
    const pts = this.points();
    let lo = 0;
    let hi = pts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pts[mid].x < from) lo = mid + 1;
      else hi = mid;
    }
    return pts.length - lo;
  });

  readonly latestText = computed(() => {
    this.revision();
    const pts = this.points();
    return pts.length ? formatNumber(pts[pts.length - 1].y, this.decimals()) : '–';
  });

  readonly ariaLabel = computed(() => `${this.label()} over the last ${Math.round(this.windowMs() / 60_000)} minutes; latest ${this.latestText()} ${this.unit()}`);

  readonly options = computed<ChartOptions<'line'>>(() => {
    const c = this.theme.colors();
    const end = this.endMs();
    const windowMs = this.windowMs();
    return {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: {
        legend: { display: false },
        decimation: { enabled: true, algorithm: 'min-max' },
        tooltip: { callbacks: { label: (ctx) => ` ${formatNumber(ctx.parsed.y, this.decimals())} ${this.unit()}` } },
      },
      scales: {
        x: {
          type: 'time',
          min: end - windowMs,
          max: end,
          time: { displayFormats: { second: TIME.chart.second, minute: TIME.chart.minute, hour: TIME.chart.hour }, tooltipFormat: TIME.chart.tooltipTime },
          ticks: { color: c.muted, maxRotation: 0, autoSkipPadding: 16, source: 'auto' },
          grid: { color: c.grid },
          border: { color: c.grid },
        },
        y: {
          // Power and current read best from zero (how big is this load?); voltage shows its variation.
          beginAtZero: this.color() !== 'voltage',
          grace: '8%',
          ticks: { color: c.muted, maxTicksLimit: 6 },
          grid: { color: c.grid },
          border: { display: false },
        },
      },
    };
  });
}
