import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { errorMessage } from '../api/api-client';
import { SettingsApi, type CreatedIntegration, type IntegrationBroker, type IntegrationView } from './settings-api';

/** MQTT accounts for Home Assistant, Node-RED and other tools, with what to paste into them. */
@Component({
  selector: 'em-integrations-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card" aria-labelledby="integrations-title" data-testid="integrations">
      <h2 id="integrations-title" class="card-title">Integration accounts (Home Assistant, Node-RED)</h2>
      <p class="muted">They read <code>energy/#</code> and the Home Assistant discovery topics, and may switch the relays of the meters you list. Home Assistant uses the account
        <code>{{ broker()?.homeAssistantAccount ?? 'homeassistant' }}</code>{{ broker()?.discoveryEnabled === false ? ' (discovery is off on this gateway: HA_DISCOVERY=false)' : '' }}.</p>
      <form class="row" (submit)="$event.preventDefault(); create()">
        <label class="field"><span>User name</span><input #user name="integration-user" maxlength="64" autocomplete="off" placeholder="homeassistant" (input)="username.set(user.value)" [value]="username()" /></label>
        <label class="field"><span>Meters it may switch <small class="muted">(comma-separated; empty: all)</small></span><input #devs name="integration-devices" autocomplete="off" (input)="devices.set(devs.value)" [value]="devices()" /></label>
        <button class="btn primary" type="submit" [disabled]="busy()">Create account</button>
      </form>
      @if (error(); as e) { <p class="error" role="alert">{{ e }}</p> }
      @if (created(); as c) {
        <div class="warning" role="note" data-testid="new-integration">
          <p><strong>Copy the password now, it is shown only this once.</strong></p>
          <dl>
            <dt>Broker</dt><dd><code data-testid="integration-broker">{{ c.mqtt.host }}:{{ c.mqtt.port }}</code></dd>
            <dt>User name</dt><dd><code>{{ c.mqtt.username }}</code></dd>
            <dt>Password</dt><dd><code data-testid="integration-secret">{{ c.mqtt.password }}</code></dd>
            <dt>Topic prefix</dt><dd><code>{{ c.mqtt.topicPrefix }}</code></dd>
            <dt>Discovery prefix</dt><dd><code>{{ c.mqtt.discoveryPrefix }}</code></dd>
            <dt>Relay requests</dt><dd><code>{{ c.mqtt.relayTopic }}</code></dd>
          </dl>
        </div>
      }
      <div class="table-wrap"><table class="data">
        <thead><tr><th>User name</th><th>Meters it may switch</th><th>State</th><th></th></tr></thead>
        <tbody>
          @for (a of accounts(); track a.username) {
            <tr [attr.data-testid]="'integration-' + a.username">
              <td>{{ a.username }}</td><td>{{ a.devices ? a.devices.join(', ') : 'all' }}</td><td>{{ a.revokedAt ? 'revoked' : 'active' }}</td>
              <td>@if (!a.revokedAt) { <button type="button" class="btn small danger" (click)="revoke(a)" [attr.aria-label]="'Revoke ' + a.username">Revoke</button> }</td>
            </tr>
          } @empty {
            <tr><td colspan="4" class="muted">No integration accounts.</td></tr>
          }
        </tbody>
      </table></div>
    </section>
  `,
  styles: `
    .row { display: flex; gap: 0.75rem; align-items: end; flex-wrap: wrap; margin-bottom: 0.75rem; }
    .warning { padding: 0.6rem 0.8rem; border-radius: var(--radius-sm, 4px); background: var(--warn-soft, #fff4d6); overflow-wrap: anywhere; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 0.75rem; margin: 0; }
    dd { margin: 0; }
  `,
})
export class IntegrationsPanel implements OnInit {
  private readonly api = inject(SettingsApi);
  protected readonly accounts = signal<IntegrationView[]>([]);
  protected readonly broker = signal<IntegrationBroker | null>(null);
  protected readonly username = signal('');
  protected readonly devices = signal('');
  protected readonly created = signal<CreatedIntegration | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);

  async ngOnInit(): Promise<void> {
    await this.load();
  }

  private async load(): Promise<void> {
    try {
      const { accounts, mqtt } = await this.api.integrations();
      this.accounts.set(accounts);
      this.broker.set(mqtt);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  async create(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    const list = this.devices()
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean);
    try {
      this.created.set(await this.api.createIntegration(this.username().trim(), list.length > 0 ? list : null));
      this.username.set('');
      this.devices.set('');
      await this.load();
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }

  async revoke(account: IntegrationView): Promise<void> {
    this.error.set(null);
    try {
      await this.api.revokeIntegration(account.username);
      await this.load();
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }
}
