import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import type { MqttSettings } from '../api/api-types';
import { firmwareConfig, mqttJson } from './mqtt-config';

/** The secret of a new or rotated device, shown this once, with configurations ready to copy. */
@Component({
  selector: 'em-secret-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card secret" role="region" aria-labelledby="secret-title" data-testid="secret-panel">
      <div class="head">
        <h2 id="secret-title" class="card-title">{{ deviceId() }} is ready</h2>
        <button type="button" class="btn small" (click)="done.emit()">Done</button>
      </div>
      <p class="warning" role="note"><strong>Copy the secret now.</strong> It is shown only this once; if it is lost, rotate it to get a new one.</p>

      <div class="copy-row">
        <span class="label">Secret</span>
        <code class="value" data-testid="device-secret">{{ mqtt().password }}</code>
        <button type="button" class="btn small" (click)="copy('secret', mqtt().password)">{{ copied() === 'secret' ? 'Copied ✓' : 'Copy' }}</button>
      </div>

      <div class="blocks">
        <div class="block">
          <div class="block-head">
            <h3>Firmware (ESP32) <code>include/device_config.h</code></h3>
            <button type="button" class="btn small" (click)="copy('firmware', firmware())" data-testid="copy-firmware">{{ copied() === 'firmware' ? 'Copied ✓' : 'Copy' }}</button>
          </div>
          <pre tabindex="0" aria-label="Firmware configuration">{{ firmware() }}</pre>
        </div>
        <div class="block">
          <div class="block-head">
            <h3>MQTT settings</h3>
            <button type="button" class="btn small" (click)="copy('json', json())">{{ copied() === 'json' ? 'Copied ✓' : 'Copy' }}</button>
          </div>
          <pre tabindex="0" aria-label="MQTT settings as JSON" data-testid="mqtt-json">{{ json() }}</pre>
        </div>
      </div>
      <p class="muted small">The device publishes to <code>{{ mqtt().topicPrefix }}reading</code> with user name <code>{{ mqtt().username }}</code>.</p>
      <p class="sr-only" aria-live="polite">{{ copied() ? 'Copied to the clipboard' : '' }}</p>
    </section>
  `,
  styles: `
    .secret { display: grid; gap: 0.75rem; border-color: var(--ok); }
    .head { display: flex; justify-content: space-between; align-items: center; gap: 1rem; }
    .head .card-title { margin: 0; }
    .warning { padding: 0.6rem 0.8rem; border-radius: var(--radius-sm); background: var(--warn-soft); border: 1px solid var(--warn); }
    .copy-row { display: flex; align-items: center; gap: 0.75rem; flex-wrap: wrap; }
    .label { font-weight: 600; }
    .value { flex: 1 1 12rem; min-width: 0; padding: 0.45rem 0.6rem; border-radius: var(--radius-sm); background: var(--surface-2); overflow-wrap: anywhere; user-select: all; }
    .blocks { display: grid; gap: 0.75rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr)); }
    .block { min-width: 0; }
    .block-head { display: flex; justify-content: space-between; align-items: center; gap: 0.5rem; margin-bottom: 0.35rem; }
    h3 { margin: 0; font-size: 0.9rem; }
    pre { margin: 0; padding: 0.75rem; border-radius: var(--radius-sm); background: var(--surface-2); overflow-x: auto; max-width: 100%; white-space: pre; }
    .small { font-size: 0.85rem; }
  `,
})
export class SecretPanel {
  readonly deviceId = input.required<string>();
  readonly mqtt = input.required<MqttSettings>();
  readonly done = output<void>();

  protected readonly copied = signal<string | null>(null);
  protected readonly firmware = computed(() => firmwareConfig(this.deviceId(), this.mqtt()));
  protected readonly json = computed(() => mqttJson(this.mqtt()));

  async copy(what: string, text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Without clipboard permission (plain http), fall back to a hidden textarea.
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    this.copied.set(what);
    setTimeout(() => this.copied.set(null), 2500);
  }
}
