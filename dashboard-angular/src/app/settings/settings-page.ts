import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ApiKeysPanel } from './api-keys-panel';
import { IntegrationsPanel } from './integrations-panel';
import { NotificationsPanel } from './notifications-panel';
import { PasswordForm } from './password-form';
import { SitePanel } from './site-panel';
import { TariffForm } from './tariff-form';

/** Settings that used to need the API or environment variables (issue 17), each panel on the gateway's own endpoints. */
@Component({
  selector: 'em-settings-page',
  imports: [TariffForm, NotificationsPanel, ApiKeysPanel, IntegrationsPanel, SitePanel, PasswordForm],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-head">
      <div>
        <h1>Settings</h1>
        <p class="muted">The tariff, WhatsApp recipients for alerts, keys for scripts, accounts for Home Assistant and other MQTT tools, the site and your password.</p>
      </div>
    </header>
    <em-tariff-form />
    <em-notifications-panel />
    <em-api-keys-panel />
    <em-integrations-panel />
    <em-site-panel />
    <em-password-form />
  `,
  styles: `
    :host { display: grid; gap: 1rem; }
    /* Grid items may shrink below their tables' width: the tables scroll inside their .table-wrap instead of widening the page. */
    :host > * { min-width: 0; }
  `,
})
export class SettingsPage {}
