import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { errorMessage } from '../api/api-client';
import { fieldErrors } from './field-errors';
import { SettingsApi } from './settings-api';

/** Changing the logged-in user's password: the gateway checks the current one and ends the user's other sessions. */
@Component({
  selector: 'em-password-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="card" (submit)="$event.preventDefault(); save()" aria-labelledby="password-title" novalidate data-testid="password-form">
      <h2 id="password-title" class="card-title">Admin password</h2>
      <div class="grid">
        <label class="field">
          <span>Current password</span>
          <input type="password" aria-label="Current password" autocomplete="current-password" [value]="current()" (input)="current.set($any($event.target).value)" [attr.aria-invalid]="errors()['currentPassword'] ? true : null" />
          @if (errors()['currentPassword']; as e) { <small class="field-error" data-testid="error-currentPassword">{{ e }}</small> }
        </label>
        <label class="field">
          <span>New password</span>
          <input type="password" aria-label="New password" aria-describedby="new-password-hint" autocomplete="new-password" [value]="next()" (input)="next.set($any($event.target).value)" [attr.aria-invalid]="errors()['newPassword'] ? true : null" />
          @if (errors()['newPassword']; as e) { <small class="field-error" data-testid="error-newPassword">{{ e }}</small> } @else { <small class="muted" id="new-password-hint">At least 12 characters.</small> }
        </label>
        <label class="field">
          <span>New password again</span>
          <input type="password" aria-label="New password again" autocomplete="new-password" [value]="repeat()" (input)="repeat.set($any($event.target).value)" [attr.aria-invalid]="errors()['repeat'] ? true : null" />
          @if (errors()['repeat']; as e) { <small class="field-error" data-testid="error-repeat">{{ e }}</small> }
        </label>
      </div>
      <p class="muted">Your other sessions (other browsers, other devices) are logged out; this one stays. A new value of <code>ADMIN_PASSWORD</code> at a restart resets it.</p>
      <div class="actions">
        <button class="btn primary" type="submit" [disabled]="busy()">{{ busy() ? 'Changing…' : 'Change password' }}</button>
        @if (done(); as d) { <span class="ok-text" role="status" data-testid="password-changed">{{ d }}</span> }
        @if (error(); as e) { <p class="error" role="alert">{{ e }}</p> }
      </div>
    </form>
  `,
  styles: `
    .grid { display: grid; gap: 0.75rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr)); }
    .actions { display: flex; gap: 0.75rem; align-items: center; flex-wrap: wrap; }
  `,
})
export class PasswordForm {
  private readonly api = inject(SettingsApi);
  protected readonly current = signal('');
  protected readonly next = signal('');
  protected readonly repeat = signal('');
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly error = signal<string | null>(null);
  protected readonly done = signal<string | null>(null);
  protected readonly busy = signal(false);

  async save(): Promise<void> {
    if (this.busy()) return;
    this.done.set(null);
    this.error.set(null);
    if (this.next() !== this.repeat()) {
      this.errors.set({ repeat: 'does not match the new password' });
      return;
    }
    this.errors.set({});
    this.busy.set(true);
    try {
      const { endedSessions } = await this.api.changePassword(this.current(), this.next());
      this.current.set('');
      this.next.set('');
      this.repeat.set('');
      this.done.set(`Password changed. ${endedSessions === 1 ? '1 other session was' : `${endedSessions} other sessions were`} logged out.`);
    } catch (err) {
      const message = errorMessage(err);
      const byField = err instanceof HttpErrorResponse && err.status === 400 ? fieldErrors(message) : {};
      this.errors.set(byField);
      this.error.set(Object.keys(byField).length > 0 ? null : message);
    } finally {
      this.busy.set(false);
    }
  }
}
