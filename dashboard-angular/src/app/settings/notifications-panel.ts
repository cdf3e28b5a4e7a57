import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { errorMessage } from '../api/api-client';
import { formatDateTime } from '../ui/format';
import { SettingsApi, type RecipientTestResult, type RecipientView } from './settings-api';

/**
 * WhatsApp recipients for alerts (issue 17): add one with the key CallMeBot sent it (the key goes to the
 * gateway and is never shown again), list them with masked phones, remove, and send a test message.
 */
@Component({
  selector: 'em-notifications-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card" aria-labelledby="notify-title" data-testid="notifications">
      <h2 id="notify-title" class="card-title">Notifications (WhatsApp)</h2>
      <details class="walkthrough" data-testid="callmebot-walkthrough">
        <summary>First time? Get the recipient's CallMeBot key (once per phone)</summary>
        <ol>
          <li>On the recipient's phone, add CallMeBot's WhatsApp number, as shown on
            <a href="https://www.callmebot.com/blog/free-api-whatsapp-messages/" target="_blank" rel="noopener">callmebot.com</a>, to the contacts.</li>
          <li>Send it this WhatsApp message: <code>I allow callmebot to send me messages</code></li>
          <li>CallMeBot answers with the API key for that phone (a few digits). Enter it below with the phone in international format.</li>
        </ol>
        <p class="muted">The key is stored by the gateway and used only to send; it is never shown again. Rules without recipients message everyone listed here.</p>
      </details>
      <form class="row" (submit)="$event.preventDefault(); add()">
        <label class="field"><span>Phone</span><input name="recipient-phone" inputmode="tel" autocomplete="off" placeholder="+4915112345678" maxlength="32" [value]="phone()" (input)="phone.set($any($event.target).value)" /></label>
        <label class="field"><span>Name</span><input name="recipient-label" autocomplete="off" placeholder="Anna" maxlength="64" [value]="label()" (input)="label.set($any($event.target).value)" /></label>
        <label class="field"><span>CallMeBot key</span><input name="recipient-key" type="password" autocomplete="off" maxlength="128" [value]="apikey()" (input)="apikey.set($any($event.target).value)" /></label>
        <button class="btn primary" type="submit" [disabled]="busy()">Add recipient</button>
      </form>
      @if (error(); as e) { <p class="error" role="alert" data-testid="recipient-error">{{ e }}</p> }
      @if (result(); as r) {
        <p [class]="r.outcome === 'sent' ? 'ok' : 'error'" role="status" data-testid="test-result">
          @if (r.outcome === 'sent') { Test message sent to {{ r.phone }} ({{ r.durationMs }} ms). }
          @else { Test message to {{ r.phone }} failed: {{ r.error }} }
        </p>
      }
      <div class="table-wrap"><table class="data">
        <thead><tr><th>Name</th><th>Phone</th><th>Added</th><th></th></tr></thead>
        <tbody>
          @for (r of recipients(); track r.id) {
            <tr [attr.data-testid]="'recipient-' + r.id">
              <td>{{ r.label }}</td><td><code>{{ r.phone }}</code></td><td>{{ added(r.createdAt) }}</td>
              <td class="actions">
                <button type="button" class="btn small" (click)="test(r)" [disabled]="testing() === r.id" [attr.aria-label]="'Send a test message to ' + r.label">{{ testing() === r.id ? 'Sending…' : 'Send test' }}</button>
                <button type="button" class="btn small danger" (click)="remove(r)" [attr.aria-label]="'Remove ' + r.label">Remove</button>
              </td>
            </tr>
          } @empty {
            <tr><td colspan="4" class="muted">No recipients stored here (CALLMEBOT_PHONE, if set, still gets alerts).</td></tr>
          }
        </tbody>
      </table></div>
    </section>
  `,
  styles: `
    .row { display: flex; gap: 0.75rem; align-items: end; flex-wrap: wrap; margin-bottom: 0.75rem; }
    .walkthrough { margin-bottom: 0.75rem; }
    .walkthrough ol { padding-left: 1.25rem; }
    .actions { display: flex; gap: 0.4rem; flex-wrap: wrap; }
    .ok { color: var(--ok, #1b7f3a); }
  `,
})
export class NotificationsPanel implements OnInit {
  private readonly api = inject(SettingsApi);
  protected readonly recipients = signal<RecipientView[]>([]);
  protected readonly phone = signal('');
  protected readonly label = signal('');
  protected readonly apikey = signal('');
  protected readonly error = signal<string | null>(null);
  protected readonly result = signal<RecipientTestResult | null>(null);
  protected readonly busy = signal(false);
  protected readonly testing = signal<number | null>(null);
  protected readonly added = formatDateTime;

  async ngOnInit(): Promise<void> {
    await this.load();
  }

  private async load(): Promise<void> {
    try {
      this.recipients.set(await this.api.recipients());
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  async add(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.api.addRecipient(this.phone().trim(), this.label().trim(), this.apikey().trim());
      this.phone.set('');
      this.label.set('');
      this.apikey.set('');
      await this.load();
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }

  async test(recipient: RecipientView): Promise<void> {
    this.error.set(null);
    this.result.set(null);
    this.testing.set(recipient.id);
    try {
      this.result.set(await this.api.testRecipient(recipient.id));
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.testing.set(null);
    }
  }

  async remove(recipient: RecipientView): Promise<void> {
    this.error.set(null);
    try {
      await this.api.removeRecipient(recipient.id);
      await this.load();
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }
}
