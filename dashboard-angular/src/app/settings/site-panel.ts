import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { errorMessage } from '../api/api-client';
import { SettingsApi, type SiteView } from './settings-api';

/**
 * The site time zone, read-only: every service reads SITE_TIMEZONE at start-up (the ingest's rollups
 * among them), so a change made here could not take effect; the panel says where to change it.
 */
@Component({
  selector: 'em-site-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card" aria-labelledby="site-title" data-testid="site">
      <h2 id="site-title" class="card-title">Site time zone</h2>
      @if (site(); as s) {
        <p>Days, months and the tariff's time-of-use windows follow <strong data-testid="site-zone">{{ s.timeZone }}</strong>.</p>
        <p class="muted">It is set by the <code>{{ s.timeZoneSource }}</code> environment variable, which the ingest, alert, analytics and gateway services read when they
          start; to change it, set it for all of them and restart them. Clock times on this dashboard are shown in your browser's zone
          (<span data-testid="browser-zone">{{ browserZone }}</span>) and format.</p>
      } @else if (error(); as e) {
        <p class="error" role="alert">{{ e }}</p>
      } @else {
        <p class="muted">Loading…</p>
      }
    </section>
  `,
})
export class SitePanel implements OnInit {
  private readonly api = inject(SettingsApi);
  protected readonly site = signal<SiteView | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  async ngOnInit(): Promise<void> {
    try {
      this.site.set(await this.api.site());
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }
}
