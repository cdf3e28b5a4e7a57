import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import type { Alert, AlertFilter, Delivery } from '../api/api-types';
import { ApiClient, errorMessage } from '../api/api-client';
import { DevicesStore } from '../shared/devices-store';
import { formatDateTime, formatNumber } from '../ui/format';
import { AlertsStore } from './alerts-store';

const DAY = 86_400_000;
export const ALERT_PERIODS = [
  { id: '24h', label: 'Last 24 hours', ms: DAY },
  { id: '7d', label: 'Last 7 days', ms: 7 * DAY },
  { id: '30d', label: 'Last 30 days', ms: 30 * DAY },
  { id: 'all', label: 'All', ms: 0 },
] as const;

const UNITS: Record<string, string> = { power_above: 'W', power_below: 'W', voltage_outside: 'V', current_above: 'A', offline: 's', daily_energy_above: 'Wh', unusual_consumption: '×' };

/** The alert history, filterable, with acknowledge and what happened to each notification. */
@Component({
  selector: 'em-alerts-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './alerts-page.html',
  styleUrl: './alerts-page.css',
})
export class AlertsPage {
  private readonly api = inject(ApiClient);
  protected readonly store = inject(AlertsStore);
  protected readonly devicesStore = inject(DevicesStore);

  protected readonly periods = ALERT_PERIODS;
  readonly state = signal<'' | 'active' | 'acknowledged' | 'cleared'>('');
  readonly device = signal('');
  readonly period = signal<(typeof ALERT_PERIODS)[number]['id']>('7d');
  readonly alerts = signal<Alert[]>([]);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);

  private readonly filter = computed<AlertFilter>(() => {
    const p = ALERT_PERIODS.find((x) => x.id === this.period())!;
    return { state: this.state() || undefined, device: this.device() || undefined, from: p.ms ? Date.now() - p.ms : undefined, limit: 500 };
  });

  constructor() {
    effect(() => {
      const filter = this.filter();
      this.store.changes(); // a live alert event refreshes the list
      untracked(() => void this.load(filter));
    });
  }

  async load(filter: AlertFilter = this.filter()): Promise<void> {
    this.loading.set(true);
    try {
      this.alerts.set(await this.api.alerts(filter));
      this.error.set(null);
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.loading.set(false);
    }
  }

  async acknowledge(alert: Alert): Promise<void> {
    await this.store.acknowledge(alert.id);
  }

  /** Undo the alert's load shedding; the list refreshes when the device confirms (live alert event). */
  async restoreLoad(alert: Alert): Promise<void> {
    await this.store.restoreLoad(alert.id);
    const failed = this.store.error();
    if (failed) this.error.set(failed);
  }

  protected deviceName(id: string): string {
    return this.devicesStore.byId(id)?.name ?? id;
  }
  protected when(ms: number | null): string {
    return ms ? formatDateTime(ms) : '–';
  }
  protected valueText(a: Alert): string {
    const unit = UNITS[a.kind] ?? '';
    const v = a.value === null ? '–' : `${formatNumber(a.value, 1, 0)} ${unit}`;
    const t = a.threshold === null ? '' : ` / ${formatNumber(a.threshold, 1, 0)} ${unit}`;
    return `${v}${t}`;
  }
  protected deliveryClass(d: Delivery): string {
    return d.status === 'sent' ? 'ok' : d.status === 'failed' ? 'danger' : 'warn';
  }
  protected deliveryTitle(d: Delivery): string {
    const parts = [`${d.channel} to ${d.recipient}`, `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`];
    if (d.lastError) parts.push(`last error: ${d.lastError}`);
    return parts.join(' · ');
  }
}
