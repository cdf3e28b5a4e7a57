import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal } from '@angular/core';
import type { Device, RelayCommandRecord, RelayState } from '../api/api-types';
import { ApiClient, errorMessage } from '../api/api-client';

/** How long after a command's `expiresAt` the switch looks up how it ended, if no report confirmed it. */
const OUTCOME_GRACE_MS = 1_500;

/**
 * A device's relay as a switch. It shows the confirmed state (what the device last reported, kept
 * current by the live push), never the one asked for: a click sends the command (POST …/relay, the
 * path load shedding takes) and the switch says "switching…" until the device reports the new
 * state. If no report comes before the command expires, it shows how the command ended (failed,
 * expired) and the state the relay is really in.
 */
@Component({
  selector: 'em-relay-switch',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="relay">
      <button
        type="button"
        role="switch"
        class="switch"
        [class.on]="confirmed() === 'on'"
        [class.pending]="pending() !== null"
        [attr.aria-checked]="confirmed() === 'on'"
        [attr.aria-label]="'Relay of ' + device().name"
        [attr.data-state]="confirmed() ?? 'unknown'"
        [disabled]="disabled()"
        [title]="title()"
        (click)="toggle()"
        data-testid="relay-switch"
      >
        <span class="track" aria-hidden="true"><span class="thumb"></span></span>
        <span class="text">{{ label() }}</span>
      </button>
      @if (message(); as m) {
        <span class="msg" role="status" data-testid="relay-message">{{ m }}</span>
      }
    </span>
  `,
  styles: `
    .relay { display: inline-flex; align-items: center; gap: 0.5rem; flex-wrap: wrap; }
    .switch { display: inline-flex; align-items: center; gap: 0.45rem; padding: 0.15rem 0.3rem; border: 0; background: none; color: inherit; font: inherit; cursor: pointer; border-radius: var(--radius-sm); }
    .switch:disabled { cursor: not-allowed; opacity: 0.6; }
    .switch:focus-visible { outline: 2px solid var(--accent, currentColor); outline-offset: 2px; }
    .track { position: relative; width: 2.3rem; height: 1.3rem; border-radius: 1rem; background: var(--surface-2, #ccc); border: 1px solid var(--border, #999); transition: background 0.15s; }
    .thumb { position: absolute; top: 0.1rem; left: 0.1rem; width: 1rem; height: 1rem; border-radius: 50%; background: var(--surface, #fff); box-shadow: 0 1px 2px rgb(0 0 0 / 30%); transition: left 0.15s; }
    .on .track { background: var(--ok, #2a7); border-color: var(--ok, #2a7); }
    .on .thumb { left: 1.1rem; }
    .pending .track { background-image: repeating-linear-gradient(45deg, transparent 0 4px, rgb(0 0 0 / 12%) 4px 8px); }
    .text { min-width: 5.5rem; text-align: left; }
    .msg { font-size: 0.85em; color: var(--danger, #b00); }
  `,
})
export class RelaySwitch {
  private readonly api = inject(ApiClient);
  readonly device = input.required<Device>();

  /** The command sent and not yet confirmed by a report. */
  protected readonly pending = signal<RelayCommandRecord | null>(null);
  protected readonly message = signal<string | null>(null);
  private outcomeTimer: ReturnType<typeof setTimeout> | undefined;

  protected readonly confirmed = computed<RelayState | null>(() => this.device().relay);
  protected readonly disabled = computed(() => this.pending() !== null || this.device().revoked || !this.device().online);
  protected readonly label = computed(() => {
    const p = this.pending();
    if (p) return `switching ${p.state}…`;
    return this.confirmed() ?? 'unknown';
  });
  protected readonly title = computed(() => {
    if (this.device().revoked) return 'Revoked';
    if (!this.device().online) return 'Offline: a command could not reach the device';
    return this.confirmed() === 'on' ? 'Switch the relay off' : 'Switch the relay on';
  });

  constructor() {
    // The device's report (live `relay` event) is the confirmation.
    effect(() => {
      const p = this.pending();
      if (p && this.confirmed() === p.state) this.settle(null);
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(this.outcomeTimer));
  }

  async toggle(): Promise<void> {
    if (this.disabled()) return;
    const target: RelayState = this.confirmed() === 'on' ? 'off' : 'on';
    this.message.set(null);
    try {
      const command = await this.api.setRelay(this.device().id, target);
      if (this.confirmed() === command.state) return; // already reported meanwhile
      this.pending.set(command);
      clearTimeout(this.outcomeTimer);
      this.outcomeTimer = setTimeout(() => void this.lookUpOutcome(command), Math.max(0, command.expiresAt - Date.now()) + OUTCOME_GRACE_MS);
    } catch (err) {
      this.message.set(`Not switched: ${errorMessage(err)}`);
    }
  }

  /** No report confirmed it before it expired: say how it ended and what the relay is doing. */
  private async lookUpOutcome(command: RelayCommandRecord): Promise<void> {
    if (this.pending()?.cmdId !== command.cmdId) return;
    try {
      const view = await this.api.relay(command.deviceId);
      const ended = view.commands.find((c) => c.cmdId === command.cmdId);
      if (ended?.status === 'confirmed') return this.settle(null);
      const relay = ended?.reportedState ?? view.state;
      const why = ended?.status === 'expired' ? 'the device found the command too late' : ended?.status === 'superseded' ? 'a newer command replaced it' : 'the device did not confirm it in time';
      this.settle(`Not switched ${command.state}: ${why}. The relay is ${relay ?? 'in an unknown state'}.`);
    } catch (err) {
      this.settle(`Not confirmed: ${errorMessage(err)}`);
    }
  }

  private settle(message: string | null): void {
    clearTimeout(this.outcomeTimer);
    this.pending.set(null);
    this.message.set(message);
  }
}
