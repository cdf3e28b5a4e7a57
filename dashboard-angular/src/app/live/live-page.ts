import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { DevicesStore } from '../shared/devices-store';
import { RelaySwitch } from '../devices/relay-switch';
import { formatAgo, formatEnergy, formatMoney, formatNumber, formatPower } from '../ui/format';
import { LiveStream } from '../shared/live-stream';
import { ReadingsStore, WINDOW_CHOICES_MIN, type DeviceSeries, type WindowMinutes } from '../shared/readings-store';
import { StreamChart } from './stream-chart';
import { TodayEnergy } from './today-energy';

@Component({
  selector: 'em-live-page',
  imports: [StreamChart, RouterLink, RelaySwitch],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './live-page.html',
  styleUrl: './live-page.css',
})
export class LivePage {
  private readonly router = inject(Router);
  private readonly devicesStore = inject(DevicesStore);
  protected readonly readings = inject(ReadingsStore);
  protected readonly live = inject(LiveStream);
  protected readonly today = inject(TodayEnergy);

  /** `?device=` in the address, so a view can be bookmarked. */
  readonly device = input<string>();

  protected readonly windowChoices = WINDOW_CHOICES_MIN;
  protected readonly devices = this.devicesStore.active;
  protected readonly devicesLoaded = this.devicesStore.loaded;
  /** Re-evaluates "x s ago" texts every few seconds without touching the charts. */
  private readonly clock = signal(Date.now());

  readonly selectedId = computed<string | null>(() => {
    const list = this.devices();
    const wanted = this.device() ?? this.devicesStore.preferred();
    if (wanted && list.some((d) => d.id === wanted)) return wanted;
    return list[0]?.id ?? wanted ?? null;
  });
  readonly selected = computed(() => {
    const id = this.selectedId();
    return id ? (this.devicesStore.devices().find((d) => d.id === id) ?? null) : null;
  });
  protected readonly series = signal<DeviceSeries | null>(null);
  protected readonly windowMs = computed(() => this.readings.windowMinutes() * 60_000);

  /** The newest values: from the live push, else the device list's last stored reading. */
  readonly current = computed(() => {
    const id = this.selectedId();
    if (!id) return null;
    const live = this.readings.latest().get(id);
    if (live) return { ts: live.ts, voltage_v: live.voltage_v, current_a: live.current_a, power_w: live.power_w, power_factor: live.power_factor };
    return this.selected()?.lastReading ?? null;
  });

  protected readonly power = computed(() => formatPower(this.current()?.power_w));
  protected readonly voltageText = computed(() => formatNumber(this.current()?.voltage_v, 1));
  protected readonly currentText = computed(() => formatNumber(this.current()?.current_a, 2));
  protected readonly powerFactorText = computed(() => {
    const pf = this.current()?.power_factor;
    return pf === null || pf === undefined ? null : formatNumber(pf, 2, 2);
  });
  protected readonly todayKwhText = computed(() => formatEnergy(this.today.kwh()));
  protected readonly todayCostText = computed(() => formatMoney(this.today.cost(), this.today.currency()));
  protected readonly online = computed(() => this.selected()?.online ?? false);
  protected readonly lastSeen = computed(() => formatAgo(this.current()?.ts, this.clock()));

  constructor() {
    const timer = setInterval(() => this.clock.set(Date.now()), 5_000);
    // The shown device stays watched after leaving the page (one hour of points at most), so coming
    // back shows full charts at once, without a gap or a refetch.
    inject(DestroyRef).onDestroy(() => clearInterval(timer));

    effect(() => {
      const id = this.selectedId();
      untracked(() => {
        this.readings.watchOnly(id);
        this.series.set(id ? this.readings.watch(id) : null);
        this.today.track(id);
      });
    });
  }

  selectDevice(id: string): void {
    this.devicesStore.prefer(id);
    void this.router.navigate([], { queryParams: { device: id }, replaceUrl: true });
  }

  selectWindow(minutes: WindowMinutes): void {
    this.readings.windowMinutes.set(minutes);
  }
}
