import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import type { Device, MqttSettings, ProvisionResponse } from '../api/api-types';
import { ApiClient, errorMessage } from '../api/api-client';
import { ReadingsStore } from '../shared/readings-store';
import { formatAgo, formatEnergy, formatPower } from '../ui/format';
import { DevicesStore } from '../shared/devices-store';
import { ProvisionForm } from './provision-form';
import { RelaySwitch } from './relay-switch';
import { SecretPanel } from './secret-panel';

/** Provision, rename, rotate and revoke devices, and see their status. */
@Component({
  selector: 'em-devices-page',
  imports: [ProvisionForm, SecretPanel, RelaySwitch],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './devices-page.html',
  styleUrl: './devices-page.css',
})
export class DevicesPage {
  private readonly api = inject(ApiClient);
  protected readonly store = inject(DevicesStore);
  private readonly readings = inject(ReadingsStore);

  readonly secret = signal<{ deviceId: string; mqtt: MqttSettings } | null>(null);
  readonly editing = signal<string | null>(null);
  readonly editName = signal('');
  readonly busy = signal<string | null>(null);
  readonly error = signal<string | null>(null);

  constructor() {
    void this.store.load();
  }

  onProvisioned(result: ProvisionResponse): void {
    this.store.upsert(result.device);
    this.secret.set({ deviceId: result.device.id, mqtt: result.mqtt });
  }

  startRename(d: Device): void {
    this.editing.set(d.id);
    this.editName.set(d.name);
  }

  async saveRename(d: Device): Promise<void> {
    const name = this.editName().trim();
    if (!name) {
      this.error.set('A name must not be empty.');
      return;
    }
    await this.run(d.id, async () => {
      this.store.upsert(await this.api.renameDevice(d.id, name));
      this.editing.set(null);
    });
  }

  async rotate(d: Device): Promise<void> {
    if (!confirm(`Give ${d.name} a new secret? The old one stops working at once; the device must be reconfigured.`)) return;
    await this.run(d.id, async () => {
      const r = await this.api.rotateSecret(d.id);
      this.secret.set({ deviceId: d.id, mqtt: r.mqtt });
      await this.store.load();
    });
  }

  async revoke(d: Device): Promise<void> {
    if (!confirm(`Revoke ${d.name}? It will no longer be able to send readings. Its history stays.`)) return;
    await this.run(d.id, async () => this.store.upsert(await this.api.revokeDevice(d.id)));
  }

  protected powerText(d: Device): string {
    const live = this.readings.latest().get(d.id);
    const p = formatPower(live?.power_w ?? d.lastReading?.power_w);
    return p.value === '–' ? '–' : `${p.value} ${p.unit}`;
  }
  protected lastSeen(d: Device): string {
    return formatAgo(this.readings.latest().get(d.id)?.ts ?? d.lastReading?.ts);
  }
  protected kwh(v: number): string {
    return formatEnergy(v);
  }

  private async run(id: string, action: () => Promise<void>): Promise<void> {
    this.busy.set(id);
    this.error.set(null);
    try {
      await action();
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(null);
    }
  }
}
