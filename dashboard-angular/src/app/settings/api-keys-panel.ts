import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { errorMessage } from '../api/api-client';
import { formatAgo, formatDateTime } from '../ui/format';
import { SettingsApi, type ApiKeyView } from './settings-api';


/** API keys for scripts: create read or read-write, the key shown once, revoke, last used. */
@Component({
  selector: 'em-api-keys-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card" aria-labelledby="keys-title" data-testid="api-keys">
      <h2 id="keys-title" class="card-title">API keys</h2>
      <form class="row" (submit)="$event.preventDefault(); create()">
        <label class="field"><span>Name</span><input #name name="key-name" maxlength="64" autocomplete="off" placeholder="grafana-export" (input)="keyName.set(name.value)" [value]="keyName()" /></label>
        <label class="field">
          <span>Access</span>
          <select (change)="access.set($any($event.target).value)" aria-label="Access">
            <option value="read" [selected]="access() === 'read'">read</option>
            <option value="write" [selected]="access() === 'write'">read and write</option>
          </select>
        </label>
        <button class="btn primary" type="submit" [disabled]="busy()">Create key</button>
      </form>
      @if (created(); as c) {
        <p class="warning" role="note" data-testid="new-key"><strong>Copy the key now, it is shown only this once:</strong> <code data-testid="new-key-value">{{ c }}</code>
          <br /><small>Scripts send it as the <code>X-API-Key</code> header.</small></p>
      }
      @if (error(); as e) { <p class="error" role="alert">{{ e }}</p> }
      <div class="table-wrap"><table class="data">
        <thead><tr><th>Name</th><th>Access</th><th>Starts with</th><th>Created</th><th>Last used</th><th></th></tr></thead>
        <tbody>
          @for (k of keys(); track k.id) {
            <tr [attr.data-testid]="'key-' + k.name">
              <td>{{ k.name }}</td><td>{{ k.access }}</td><td><code>{{ k.hint }}…</code></td><td>{{ createdAt(k.createdAt) }}</td><td data-testid="last-used">{{ lastUsed(k.lastUsedAt) }}</td>
              <td><button type="button" class="btn small danger" (click)="revoke(k)" [attr.aria-label]="'Revoke ' + k.name">Revoke</button></td>
            </tr>
          } @empty {
            <tr><td colspan="6" class="muted">No API keys.</td></tr>
          }
        </tbody>
      </table></div>
    </section>
  `,
  styles: `
    .row { display: flex; gap: 0.75rem; align-items: end; flex-wrap: wrap; margin-bottom: 0.75rem; }
    .warning { padding: 0.6rem 0.8rem; border-radius: var(--radius-sm, 4px); background: var(--warn-soft, #fff4d6); overflow-wrap: anywhere; }
  `,
})
export class ApiKeysPanel implements OnInit {
  private readonly api = inject(SettingsApi);
  protected readonly keys = signal<ApiKeyView[]>([]);
  protected readonly keyName = signal('');
  protected readonly access = signal<'read' | 'write'>('read');
  protected readonly created = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly createdAt = formatDateTime;
  protected readonly lastUsed = (ms: number | null) => formatAgo(ms);

  async ngOnInit(): Promise<void> {
    await this.load();
  }

  private async load(): Promise<void> {
    try {
      this.keys.set(await this.api.apiKeys());
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  async create(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const key = await this.api.createApiKey(this.keyName().trim(), this.access());
      this.created.set(key.key);
      this.keyName.set('');
      await this.load();
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }

  async revoke(key: ApiKeyView): Promise<void> {
    this.error.set(null);
    try {
      await this.api.revokeApiKey(key.id);
      await this.load();
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }
}
