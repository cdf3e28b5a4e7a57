import { ChangeDetectionStrategy, Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import { errorMessage } from '../api/api-client';
import { formatEnergy, formatMoney } from '../ui/format';
import { fieldErrors } from './field-errors';
import { SettingsApi, type TariffPreview, type TariffSettings, type TariffWindow } from './settings-api';

/** How long typing may pause before the gateway prices the month under the edited tariff. */
const PREVIEW_DELAY_MS = 400;

/** The tariff, edited as the API takes it; the API's reasons show beside the fields they name. */
@Component({
  selector: 'em-tariff-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="card" (submit)="$event.preventDefault(); save()" aria-labelledby="tariff-title" novalidate data-testid="tariff-form">
      <h2 id="tariff-title" class="card-title">Tariff</h2>
      @if (tariff(); as t) {
        <div class="grid">
          <label class="field">
            <span>Currency</span>
            <input [value]="t.currency" (input)="set('currency', $any($event.target).value)" maxlength="3" autocomplete="off" [attr.aria-invalid]="errors()['currency'] ? true : null" />
            @if (errors()['currency']; as e) { <small class="field-error" data-testid="error-currency">{{ e }}</small> }
          </label>
          <label class="field">
            <span>Flat rate per kWh</span>
            <input type="number" step="0.0001" [value]="t.flatRatePerKwh" (input)="set('flatRatePerKwh', num($event))" [attr.aria-invalid]="errors()['flatRatePerKwh'] ? true : null" />
            @if (errors()['flatRatePerKwh']; as e) { <small class="field-error" data-testid="error-flatRatePerKwh">{{ e }}</small> }
          </label>
          <label class="field">
            <span>Standing charge per day</span>
            <input type="number" step="0.01" [value]="t.standingChargePerDay" (input)="set('standingChargePerDay', num($event))" [attr.aria-invalid]="errors()['standingChargePerDay'] ? true : null" />
            @if (errors()['standingChargePerDay']; as e) { <small class="field-error" data-testid="error-standingChargePerDay">{{ e }}</small> }
          </label>
        </div>
        <fieldset>
          <legend>Time-of-use windows <small class="muted">(site-local time; minutes outside every window pay the flat rate)</small></legend>
          @for (w of t.timeOfUse; track $index; let i = $index) {
            <div class="window" [attr.data-testid]="'window-' + i">
              <label class="field"><span>From</span><input type="time" [value]="w.from" (input)="setWindow(i, 'from', $any($event.target).value)" /></label>
              <label class="field"><span>To</span><input type="time" [value]="w.to" (input)="setWindow(i, 'to', $any($event.target).value)" /></label>
              <label class="field"><span>Rate per kWh</span><input type="number" step="0.0001" [value]="w.ratePerKwh" (input)="setWindow(i, 'ratePerKwh', num($event))" /></label>
              <button type="button" class="btn small" (click)="removeWindow(i)">Remove</button>
              @for (e of windowErrors(i); track e) { <small class="field-error window-error" [attr.data-testid]="'error-window-' + i">{{ e }}</small> }
            </div>
          }
          <button type="button" class="btn small" (click)="addWindow()">Add a window</button>
        </fieldset>
        <div class="preview" aria-live="polite" data-testid="tariff-preview">
          @if (preview(); as p) {
            <p>This month so far ({{ kwh(p.monthToDateKwh) }} kWh) cost <strong>{{ money(p.current.monthToDateCost, p.current.currency) }}</strong> under the current tariff;
              under this one it would have cost <strong data-testid="preview-proposed">{{ money(p.proposed.monthToDateCost, p.proposed.currency) }}</strong>.</p>
            <p class="muted">Month-end projection: {{ money(p.current.projectedMonthCost, p.current.currency) }} now, {{ money(p.proposed.projectedMonthCost, p.proposed.currency) }} with this tariff.</p>
          } @else if (previewing()) {
            <p class="muted">Pricing this month under the new tariff…</p>
          } @else if (hasErrors()) {
            <p class="muted">Fix the fields marked to see what this month would cost.</p>
          }
        </div>
        <div class="actions">
          <button class="btn primary" type="submit" [disabled]="busy()">{{ busy() ? 'Saving…' : 'Save tariff' }}</button>
          @if (saved()) { <span class="ok" role="status">Saved</span> }
          @if (error(); as e) { <p class="error" role="alert">{{ e }}</p> }
        </div>
      } @else {
        <p class="muted">Loading…</p>
      }
    </form>
  `,
  styles: `
    .grid { display: grid; gap: 0.75rem; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); }
    fieldset { min-width: 0; border: 1px solid var(--border, #ccc); border-radius: var(--radius-sm, 4px); padding: 0.75rem; margin: 0.75rem 0; }
    .window { display: grid; gap: 0.5rem; grid-template-columns: repeat(3, minmax(0, 1fr)) auto; align-items: end; margin-bottom: 0.5rem; }
    .window-error { grid-column: 1 / -1; }
    .actions { display: flex; gap: 0.75rem; align-items: center; flex-wrap: wrap; }
    .ok { color: var(--ok, green); }
    .preview { min-height: 1.5rem; margin-bottom: 0.75rem; }
    .preview p { margin: 0.2rem 0; }
    @media (max-width: 640px) { .window { grid-template-columns: minmax(0, 1fr); } }
  `,
})
export class TariffForm implements OnInit {
  private readonly api = inject(SettingsApi);
  protected readonly tariff = signal<TariffSettings | null>(null);
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected readonly preview = signal<TariffPreview | null>(null);
  protected readonly previewing = signal(false);
  protected readonly kwh = formatEnergy;
  protected readonly money = formatMoney;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  private previewSeq = 0;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.previewTimer));
  }

  async ngOnInit(): Promise<void> {
    try {
      this.tariff.set(await this.api.tariff());
      await this.runPreview();
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  protected hasErrors(): boolean {
    return Object.keys(this.errors()).length > 0;
  }

  /** Prices the month under the edited tariff once typing pauses; the gateway's 400 marks the fields as it would on saving. */
  private schedulePreview(): void {
    this.saved.set(false);
    this.preview.set(null);
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => void this.runPreview(), PREVIEW_DELAY_MS);
  }

  private async runPreview(): Promise<void> {
    const tariff = this.tariff();
    if (!tariff) return;
    const seq = ++this.previewSeq;
    this.previewing.set(true);
    try {
      const preview = await this.api.previewTariff(this.normalised(tariff));
      if (seq !== this.previewSeq) return;
      this.preview.set(preview);
      this.errors.set({});
      this.error.set(null);
    } catch (err) {
      if (seq !== this.previewSeq) return;
      this.showError(err);
    } finally {
      if (seq === this.previewSeq) this.previewing.set(false);
    }
  }

  private normalised(tariff: TariffSettings): TariffSettings {
    return { ...tariff, currency: tariff.currency.trim().toUpperCase() };
  }

  private showError(err: unknown): void {
    const message = errorMessage(err);
    const byField = err instanceof HttpErrorResponse && err.status === 400 ? fieldErrors(message) : {};
    this.errors.set(byField);
    this.error.set(Object.keys(byField).length > 0 ? null : message);
  }

  protected num(event: Event): number {
    const text = (event.target as HTMLInputElement).value;
    return text === '' ? Number.NaN : Number(text);
  }

  protected set<K extends keyof TariffSettings>(key: K, value: TariffSettings[K]): void {
    this.tariff.update((t) => (t ? { ...t, [key]: value } : t));
    this.schedulePreview();
  }

  protected setWindow<K extends keyof TariffWindow>(index: number, key: K, value: TariffWindow[K]): void {
    this.tariff.update((t) => (t ? { ...t, timeOfUse: t.timeOfUse.map((w, i) => (i === index ? { ...w, [key]: value } : w)) } : t));
    this.schedulePreview();
  }

  protected addWindow(): void {
    this.tariff.update((t) => (t ? { ...t, timeOfUse: [...t.timeOfUse, { from: '00:00', to: '07:00', ratePerKwh: t.flatRatePerKwh }] } : t));
    this.schedulePreview();
  }

  protected removeWindow(index: number): void {
    this.tariff.update((t) => (t ? { ...t, timeOfUse: t.timeOfUse.filter((_, i) => i !== index) } : t));
    this.schedulePreview();
  }

  /** Reasons the API gave for window `i` or one of its fields. */
  protected windowErrors(index: number): string[] {
    const prefix = `timeOfUse.${index}`;
    return Object.entries(this.errors())
      .filter(([path]) => path === prefix || path.startsWith(`${prefix}.`))
      .map(([path, reason]) => (path === prefix ? reason : `${path.slice(prefix.length + 1)}: ${reason}`));
  }

  async save(): Promise<void> {
    const tariff = this.tariff();
    if (!tariff || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.errors.set({});
    clearTimeout(this.previewTimer);
    try {
      this.tariff.set(await this.api.saveTariff(this.normalised(tariff)));
      this.saved.set(true);
      await this.runPreview();
    } catch (err) {
      this.showError(err);
      if (this.hasErrors()) this.error.set('The tariff was not saved: see the fields marked.');
    } finally {
      this.busy.set(false);
    }
  }
}
