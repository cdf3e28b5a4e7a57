import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { flushPromises, testProviders } from '../testing/providers';
import { TariffForm } from './tariff-form';

const TARIFF = { currency: 'EUR', flatRatePerKwh: 0.3, standingChargePerDay: 0, timeOfUse: [] };
const PREVIEW = { monthToDateKwh: 42, current: { currency: 'EUR', monthToDateCost: 12.6, projectedMonthCost: 14 }, proposed: { currency: 'EUR', monthToDateCost: 8.4, projectedMonthCost: 9.3 } };

describe(TariffForm.name, () => {
  beforeEach(() => TestBed.configureTestingModule({ imports: [TariffForm], providers: testProviders() }));

  async function settle(fixture: { whenStable(): Promise<unknown> }) {
    await flushPromises();
    await fixture.whenStable();
  }

  it('prices the month under the edited tariff once typing pauses, and puts the gateway\u2019s reasons beside the fields', async () => {
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(TariffForm);
    fixture.detectChanges();
    http.expectOne({ method: 'GET', url: '/api/v1/tariff' }).flush(TARIFF);
    await settle(fixture);
    http.expectOne({ method: 'POST', url: '/api/v1/tariff/preview' }).flush(PREVIEW);
    await settle(fixture);
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('[data-testid="preview-proposed"]')!.textContent).toContain('8.40');

    const rate = [...el.querySelectorAll('label')].find((l) => l.textContent!.includes('Flat rate'))!.querySelector('input')!;
    rate.value = '-1';
    rate.dispatchEvent(new Event('input'));
    http.expectNone('/api/v1/tariff/preview'); // not on every keystroke
    await new Promise((r) => setTimeout(r, 450));
    const req = http.expectOne({ method: 'POST', url: '/api/v1/tariff/preview' });
    expect(req.request.body).toEqual({ ...TARIFF, flatRatePerKwh: -1 });
    req.flush({ statusCode: 400, error: 'Bad Request', message: 'flatRatePerKwh: flatRatePerKwh must be at least 0' }, { status: 400, statusText: 'Bad Request' });
    await settle(fixture);
    expect(el.querySelector('[data-testid="error-flatRatePerKwh"]')!.textContent).toBe('flatRatePerKwh must be at least 0');
    expect(el.querySelector('[data-testid="preview-proposed"]')).toBeNull();
    expect(el.querySelector('[data-testid="tariff-preview"]')!.textContent).toContain('Fix the fields marked');
    http.verify();
  });

  it('saves with the currency upper-cased and shows Saved', async () => {
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(TariffForm);
    fixture.detectChanges();
    http.expectOne('/api/v1/tariff').flush({ ...TARIFF, currency: 'usd' });
    await settle(fixture);
    http.expectOne('/api/v1/tariff/preview').flush(PREVIEW);
    await settle(fixture);
    const el: HTMLElement = fixture.nativeElement;
    el.querySelector('form')!.dispatchEvent(new Event('submit'));
    const put = http.expectOne({ method: 'PUT', url: '/api/v1/tariff' });
    expect(put.request.body.currency).toBe('USD');
    put.flush({ ...TARIFF, currency: 'USD' });
    await settle(fixture);
    http.expectOne('/api/v1/tariff/preview').flush(PREVIEW);
    await settle(fixture);
    expect(el.textContent).toContain('Saved');
  });
});
