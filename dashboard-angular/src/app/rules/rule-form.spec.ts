import { TestBed } from '@angular/core/testing';
import type { RuleInput } from '../api/api-types';
import { testProviders } from '../testing/providers';
import { RuleForm, parseRecipients } from './rule-form';

describe(RuleForm.name, () => {
  beforeEach(() => TestBed.configureTestingModule({ imports: [RuleForm], providers: testProviders() }));

  async function render() {
    const fixture = TestBed.createComponent(RuleForm);
    const saved: RuleInput[] = [];
    fixture.componentInstance.save.subscribe((r) => saved.push(r));
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    const set = async (name: string, value: string | boolean) => {
      const input = el.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(`[formcontrolname="${name}"]`)!;
      if (typeof value === 'boolean') (input as HTMLInputElement).checked = value;
      else input.value = value;
      input.dispatchEvent(new Event(input instanceof HTMLSelectElement || typeof value === 'boolean' ? 'change' : 'input'));
      await fixture.whenStable();
    };
    const submit = async () => {
      el.querySelector('form')!.dispatchEvent(new Event('submit'));
      await fixture.whenStable();
    };
    const errors = () => [...el.querySelectorAll('.field-error')].map((e) => e.textContent?.trim());
    return { fixture, el, set, submit, errors, saved };
  }

  it('sends a complete rule in the contract’s shape', async () => {
    const f = await render();
    await f.set('name', '  Heater cut-off ');
    await f.set('threshold', '2000');
    await f.set('clearThreshold', '1500');
    await f.set('holdSeconds', '2');
    await f.set('recipients', '+4915112345678,  +4917612345678');
    await f.set('shedLoad', true);
    await f.set('shedWindowSeconds', '300');
    await f.submit();
    expect(f.errors()).toEqual([]);
    expect(f.saved).toEqual([
      {
        name: 'Heater cut-off',
        deviceId: null,
        kind: 'power_above',
        threshold: 2000,
        thresholdLow: null,
        clearThreshold: 1500,
        clearThresholdLow: null,
        holdSeconds: 2,
        repeatMinutes: 0,
        severity: 'warning',
        recipients: ['+4915112345678', '+4917612345678'],
        shedLoad: true,
        shedWindowSeconds: 300,
        enabled: true,
      },
    ]);
  });

  it('validates in the form: required name, hysteresis below the limit, phone numbers', async () => {
    const f = await render();
    await f.set('threshold', '500');
    await f.set('clearThreshold', '600');
    await f.set('recipients', '0151 1234');
    await f.submit();
    expect(f.saved).toEqual([]);
    expect(f.errors()).toEqual([
      'Required.',
      'Must be below the limit, so the alert does not flap.',
      '0151 is not a phone number in international format such as +4915112345678.',
    ]);
    expect(f.el.querySelector('[formcontrolname="name"]')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('asks for the lower voltage limit and offers load shedding only where it applies', async () => {
    const f = await render();
    expect(f.el.textContent).toContain('load shedding');
    await f.set('kind', 'voltage_outside');
    expect(f.el.textContent).not.toContain('load shedding');
    expect(f.el.textContent).toContain('Upper limit (V)');
    await f.set('name', 'Mains');
    await f.set('threshold', '253');
    await f.set('thresholdLow', '260');
    await f.submit();
    expect(f.errors()).toEqual(['The lower limit must be below the upper limit.']);
    await f.set('thresholdLow', '207');
    await f.submit();
    expect(f.saved[0]).toMatchObject({ kind: 'voltage_outside', threshold: 253, thresholdLow: 207, shedLoad: false });
  });

  it('reads recipients separated by commas, spaces or lines', () => {
    expect(parseRecipients(' +4915112345678,\n+4917612345678 ; ')).toEqual(['+4915112345678', '+4917612345678']);
  });
});
