import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AlertBanner } from '../alerts/alert-banner';
import { AlertsStore } from '../alerts/alerts-store';
import { ApiClient } from '../api/api-client';
import { SessionStore } from '../auth/session-store';
import { DevicesStore } from '../shared/devices-store';
import { LiveStream } from '../shared/live-stream';
import { NAV_ICONS } from './nav-icons';

interface NavItem {
  path: string;
  label: string;
  icon: keyof typeof NAV_ICONS;
}

/** The frame around every page once logged in: header, navigation, alert banner, live connection. */
@Component({
  selector: 'em-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, AlertBanner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './shell.html',
  styleUrl: './shell.css',
})
export class Shell {
  private readonly api = inject(ApiClient);
  private readonly router = inject(Router);
  protected readonly session = inject(SessionStore);
  protected readonly live = inject(LiveStream);
  private readonly devices = inject(DevicesStore);
  private readonly alerts = inject(AlertsStore);

  protected readonly icons = NAV_ICONS;
  protected readonly nav: NavItem[] = [
    { path: '/live', label: 'Live', icon: 'live' },
    { path: '/history', label: 'History', icon: 'history' },
    { path: '/energy', label: 'Energy', icon: 'energy' },
    { path: '/insights', label: 'Insights', icon: 'insights' },
    { path: '/alerts', label: 'Alerts', icon: 'alerts' },
    { path: '/devices', label: 'Devices', icon: 'devices' },
    { path: '/rules', label: 'Rules', icon: 'rules' },
    { path: '/settings', label: 'Settings', icon: 'settings' },
  ];
  protected readonly activeAlertCount = computed(() => this.alerts.active().length);
  protected readonly connectionText = computed(() => {
    switch (this.live.connection()) {
      case 'open':
        return 'Live';
      case 'connecting':
        return 'Connecting…';
      case 'reconnecting':
        return 'Reconnecting…';
      default:
        return 'Offline';
    }
  });

  constructor() {
    // One live connection while logged in; leaving the session closes it and returns to the log-in page.
    effect(() => {
      const token = this.session.token();
      untracked(() => {
        if (token) {
          this.live.connect(token);
          void this.devices.load();
          void this.alerts.load();
        } else {
          this.live.disconnect();
          this.alerts.clear();
          if (!this.router.url.startsWith('/login')) void this.router.navigate(['/login']);
        }
      });
    });
  }

  async logout(): Promise<void> {
    try {
      await this.api.logout();
    } catch {
      // the session ends locally either way
    }
    this.session.end('logged-out');
  }
}
