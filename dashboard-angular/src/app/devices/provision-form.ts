import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import type { ProvisionResponse } from '../api/api-types';
import { ApiClient, errorMessage } from '../api/api-client';

/** The device id rule of libs/contracts (DEVICE_ID_PATTERN); repeated here as the form's validator. */
export const DEVICE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

@Component({
  selector: 'em-provision-form',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="card provision" [formGroup]="form" (ngSubmit)="submit()" aria-labelledby="provision-title" novalidate>
      <h2 id="provision-title" class="card-title">Add a device</h2>
      <div class="row">
        <label class="field">
          <span>Device id</span>
          <input formControlName="id" placeholder="kitchen-1" autocomplete="off" autocapitalize="none" spellcheck="false"
            [attr.aria-invalid]="showIdError() ? true : null" aria-describedby="device-id-help" />
          <small id="device-id-help" [class.field-error]="showIdError()">
            {{ showIdError() ? 'Use lower-case letters, digits, - and _ (up to 64), starting with a letter or digit.' : 'Lower-case letters, digits, - and _. Used as the MQTT user name.' }}
          </small>
        </label>
        <label class="field">
          <span>Name <small class="muted">(optional)</small></span>
          <input formControlName="name" placeholder="Kitchen" autocomplete="off" maxlength="128" />
        </label>
        <button class="btn primary" type="submit" [disabled]="busy()">{{ busy() ? 'Adding…' : 'Add device' }}</button>
      </div>
      @if (error(); as e) {
        <p class="error" role="alert">{{ e }}</p>
      }
    </form>
  `,
  styles: `
    .provision { display: grid; gap: 0.5rem; }
    .provision .card-title { margin: 0; }
    .row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) auto; gap: 0.75rem; align-items: start; }
    .row .btn { margin-top: 1.55rem; }
    @media (max-width: 640px) { .row { grid-template-columns: minmax(0, 1fr); } .row .btn { margin-top: 0; } }
  `,
})
export class ProvisionForm {
  private readonly api = inject(ApiClient);
  readonly provisioned = output<ProvisionResponse>();

  protected readonly form = inject(FormBuilder).nonNullable.group({
    id: ['', [Validators.required, Validators.pattern(DEVICE_ID_PATTERN)]],
    name: ['', [Validators.maxLength(128)]],
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly submitted = signal(false);

  protected showIdError(): boolean {
    const c = this.form.controls.id;
    return c.invalid && (c.touched || this.submitted());
  }

  async submit(): Promise<void> {
    this.submitted.set(true);
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    const { id, name } = this.form.getRawValue();
    try {
      const result = await this.api.provision(id.trim(), name.trim() || undefined);
      this.form.reset();
      this.submitted.set(false);
      this.provisioned.emit(result);
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }
}
