import { Injectable, computed, inject, signal } from '@angular/core';
import type { Alert, AlertEvent } from '../api/api-types';
import { ApiClient, errorMessage } from '../api/api-client';
import { LiveStream } from '../shared/live-stream';

/**
 * Alerts that still need attention (active, or acknowledged but not yet cleared), kept current by
 * the live push. The banner shows them; the alerts page queries the full history itself.
 */
@Injectable({ providedIn: 'root' })
export class AlertsStore {
  private readonly api = inject(ApiClient);
  private readonly byId = signal<ReadonlyMap<number, Alert>>(new Map());
  private readonly ackBusy = signal<ReadonlySet<number>>(new Set());
  private readonly restoreBusy = signal<ReadonlySet<number>>(new Set());

  readonly error = signal<string | null>(null);
  /** Newest first. */
  readonly open = computed(() => [...this.byId().values()].filter((a) => a.state !== 'cleared').sort((a, b) => b.raisedAt - a.raisedAt));
  readonly active = computed(() => this.open().filter((a) => a.state === 'active'));
  readonly acknowledging = this.ackBusy.asReadonly();
  readonly restoring = this.restoreBusy.asReadonly();
  /** Bumped by every alert event, so pages showing history can refresh. */
  readonly changes = signal(0);

  constructor() {
    const live = inject(LiveStream);
    live.on('alert', (e) => this.apply(e));
    live.on('open', () => void this.load());
  }

  async load(): Promise<void> {
    try {
      const [active, acknowledged] = await Promise.all([this.api.alerts({ state: 'active', limit: 200 }), this.api.alerts({ state: 'acknowledged', limit: 200 })]);
      this.byId.set(new Map([...active, ...acknowledged].map((a) => [a.id, a])));
      this.error.set(null);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  /** One transition from the live push. */
  apply(e: AlertEvent): void {
    const next = new Map(this.byId());
    const known = next.get(e.alert_id);
    const alert: Alert = {
      id: e.alert_id,
      deviceId: e.device_id,
      ruleId: e.rule_id,
      kind: e.kind,
      severity: e.severity,
      state: e.state,
      value: e.value,
      threshold: e.threshold,
      message: e.message,
      raisedAt: known?.raisedAt ?? e.ts,
      acknowledgedAt: e.state === 'acknowledged' ? (known?.acknowledgedAt ?? e.ts) : (known?.acknowledgedAt ?? null),
      clearedAt: e.state === 'cleared' ? e.ts : null,
      loadShed: e.load_shed ?? known?.loadShed ?? null,
      deliveries: known?.deliveries ?? [],
    };
    // A late "active" (a reminder) must not undo an acknowledgement seen earlier.
    if (known && known.state !== 'active' && e.state === 'active') alert.state = known.state;
    next.set(alert.id, alert);
    this.byId.set(next);
    this.changes.update((n) => n + 1);
  }

  async acknowledge(id: number): Promise<void> {
    if (this.ackBusy().has(id)) return;
    this.ackBusy.update((s) => new Set(s).add(id));
    try {
      const updated = await this.api.acknowledge(id);
      this.upsert(updated);
      this.error.set(null);
    } catch (err) {
      this.error.set(`Could not acknowledge: ${errorMessage(err)}`);
    } finally {
      this.ackBusy.update((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      });
    }
  }

  /** Whether the load an alert shed may be switched back on from it (not already back on). */
  canRestoreLoad(alert: Pick<Alert, 'loadShed'>): boolean {
    return alert.loadShed !== null && alert.loadShed !== 'restored';
  }

  /**
   * Switches back on the load the alert shed (POST …/restore-load). The alert's `load_shed` becomes
   * `restored` when the device confirms, through the live push.
   */
  async restoreLoad(id: number): Promise<void> {
    if (this.restoreBusy().has(id)) return;
    this.restoreBusy.update((s) => new Set(s).add(id));
    try {
      await this.api.restoreLoad(id);
      this.error.set(null);
    } catch (err) {
      this.error.set(`Could not switch the load back on: ${errorMessage(err)}`);
    } finally {
      this.restoreBusy.update((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      });
    }
  }

  upsert(alert: Alert): void {
    const next = new Map(this.byId());
    next.set(alert.id, alert);
    this.byId.set(next);
    this.changes.update((n) => n + 1);
  }

  clear(): void {
    this.byId.set(new Map());
  }
}
