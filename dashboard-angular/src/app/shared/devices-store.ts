import { Injectable, computed, inject, signal } from '@angular/core';
import type { Device } from '../api/api-types';
import { ApiClient, errorMessage } from '../api/api-client';
import { LiveStream } from './live-stream';

const PREFERRED_KEY = 'energy-monitor.live-device';

function readPreferred(): string | null {
  try {
    return localStorage.getItem(PREFERRED_KEY);
  } catch {
    return null;
  }
}

/** The device list, with online and relay state kept current by the live push. */
@Injectable({ providedIn: 'root' })
export class DevicesStore {
  private readonly api = inject(ApiClient);
  private readonly list = signal<Device[]>([]);

  readonly devices = this.list.asReadonly();
  readonly active = computed(() => this.list().filter((d) => !d.revoked));
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);
  /** The device last chosen on the live page; other pages start with it. Kept across reloads. */
  readonly preferred = signal<string | null>(readPreferred());

  constructor() {
    const live = inject(LiveStream);
    live.on('status', (e) => this.patch(e.device_id, { online: e.status === 'online' }));
    live.on('relay', (e) => this.patch(e.device_id, { relay: e.state }));
    live.on('reading', (t) => {
      const d = this.list().find((x) => x.id === t.device_id);
      // A reading proves the device is online; only touch the list when that changes.
      if (d && !d.online && !d.revoked) this.patch(t.device_id, { online: true });
    });
    live.on('open', ({ reconnected }) => {
      if (reconnected) void this.load();
    });
  }

  async load(): Promise<void> {
    try {
      this.list.set(await this.api.devices());
      this.error.set(null);
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.loaded.set(true);
    }
  }

  prefer(id: string): void {
    this.preferred.set(id);
    try {
      localStorage.setItem(PREFERRED_KEY, id);
    } catch {
      /* storage unavailable (private mode): the choice lasts for this visit */
    }
  }

  byId(id: string): Device | undefined {
    return this.list().find((d) => d.id === id);
  }

  upsert(device: Device): void {
    const others = this.list().filter((d) => d.id !== device.id);
    this.list.set([...others, device].sort((a, b) => a.id.localeCompare(b.id)));
  }

  private patch(id: string, change: Partial<Device>): void {
    if (!this.list().some((d) => d.id === id)) return;
    this.list.update((all) => all.map((d) => (d.id === id ? { ...d, ...change } : d)));
  }
}
