import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { DevicesStore } from '../shared/devices-store';
import { formatTime } from '../ui/format';
import { AlertsStore } from './alerts-store';

const SHOWN = 3;

/** Alerts that need attention, on every page, each with its acknowledge button. */
@Component({
  selector: 'em-alert-banner',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="banner-wrap" aria-label="Active alerts" aria-live="polite">
      @if (store.error(); as e) {
        <p class="banner-error" role="alert">{{ e }}</p>
      }
      @for (a of shown(); track a.id) {
        <article class="banner" [attr.data-severity]="a.severity" [attr.data-state]="a.state" data-testid="alert-banner">
          <span class="sev" aria-hidden="true">{{ a.severity === 'critical' ? '‼' : a.severity === 'warning' ? '!' : 'i' }}</span>
          <div class="text">
            <strong>{{ deviceName(a.deviceId) }}</strong>
            <span class="msg">{{ a.message }}</span>
            <span class="when">since {{ time(a.raisedAt) }}</span>
            @if (a.loadShed) {
              <span class="tag" data-testid="alert-load-shed">load shed: {{ a.loadShed }}</span>
            }
          </div>
          @if (store.canRestoreLoad(a)) {
            <button type="button" class="btn small" [disabled]="store.restoring().has(a.id)" (click)="store.restoreLoad(a.id)" [attr.aria-label]="'Switch the load back on: ' + a.message" data-testid="restore-load">
              {{ store.restoring().has(a.id) ? 'Switching on…' : 'Switch load back on' }}
            </button>
          }
          @if (a.state === 'active') {
            <button type="button" class="btn small" [disabled]="store.acknowledging().has(a.id)" (click)="store.acknowledge(a.id)" [attr.aria-label]="'Acknowledge alert: ' + a.message">
              {{ store.acknowledging().has(a.id) ? 'Acknowledging…' : 'Acknowledge' }}
            </button>
          } @else {
            <span class="acked" data-testid="alert-acknowledged">✓ Acknowledged {{ time(a.acknowledgedAt) }}</span>
          }
        </article>
      }
      @if (hidden() > 0) {
        <a class="more" routerLink="/alerts">{{ hidden() }} more open alert{{ hidden() === 1 ? '' : 's' }} →</a>
      }
    </section>
  `,
  styleUrl: './alert-banner.css',
})
export class AlertBanner {
  protected readonly store = inject(AlertsStore);
  private readonly devices = inject(DevicesStore);

  protected readonly shown = computed(() => this.store.open().slice(0, SHOWN));
  protected readonly hidden = computed(() => Math.max(0, this.store.open().length - SHOWN));

  protected deviceName(id: string): string {
    return this.devices.byId(id)?.name ?? id;
  }

  protected time(ms: number | null): string {
    return formatTime(ms);
  }
}
