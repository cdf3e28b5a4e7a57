import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { testProviders } from '../testing/providers';
import { AlertBanner } from './alert-banner';
import { alert } from '../testing/alerts';
import { AlertsStore } from './alerts-store';

describe(AlertBanner.name, () => {
  beforeEach(() => TestBed.configureTestingModule({ imports: [AlertBanner], providers: testProviders() }));

  it('shows nothing when all is well', async () => {
    const fixture = TestBed.createComponent(AlertBanner);
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelectorAll('[data-testid="alert-banner"]')).toHaveLength(0);
  });

  it('shows an open alert with a labelled acknowledge button that acknowledges it', async () => {
    const store = TestBed.inject(AlertsStore);
    store.upsert(alert(9, { message: 'Heater above 2000 W' }));
    const fixture = TestBed.createComponent(AlertBanner);
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    const banner = el.querySelector('[data-testid="alert-banner"]')!;
    expect(banner.getAttribute('data-severity')).toBe('critical');
    expect(banner.textContent).toContain('Heater above 2000 W');
    const button = banner.querySelector('button')!;
    expect(button.getAttribute('aria-label')).toBe('Acknowledge alert: Heater above 2000 W');
    button.click();
    TestBed.inject(HttpTestingController).expectOne('/api/v1/alerts/9/acknowledge').flush(alert(9, { state: 'acknowledged', acknowledgedAt: Date.now() }));
    await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="alert-acknowledged"]')?.textContent).toContain('Acknowledged');
    expect(el.querySelector('button')).toBeNull();
  });

  it('shows three and links to the rest', async () => {
    const store = TestBed.inject(AlertsStore);
    for (let i = 1; i <= 5; i++) store.upsert(alert(i, { raisedAt: i }));
    const fixture = TestBed.createComponent(AlertBanner);
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelectorAll('[data-testid="alert-banner"]')).toHaveLength(3);
    expect(el.querySelector('a.more')?.textContent).toContain('2 more open alerts');
  });

  it("undoes an alert's load shedding from the banner, and the button goes once the device confirms", async () => {
    const store = TestBed.inject(AlertsStore);
    store.upsert(alert(12, { message: 'Heater above 2000 W', loadShed: 'confirmed' }));
    const fixture = TestBed.createComponent(AlertBanner);
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('[data-testid="alert-load-shed"]')?.textContent).toBe('load shed: confirmed');
    const restore = el.querySelector<HTMLButtonElement>('[data-testid="restore-load"]')!;
    expect(restore.getAttribute('aria-label')).toBe('Switch the load back on: Heater above 2000 W');
    restore.click();
    const req = TestBed.inject(HttpTestingController).expectOne({ method: 'POST', url: '/api/v1/alerts/12/restore-load' });
    req.flush({ cmdId: 'alert-restore-1', deviceId: 'heater-1', state: 'on', status: 'requested' }, { status: 202, statusText: 'Accepted' });
    await new Promise((r) => setTimeout(r, 0));
    // The device confirms: the alert event says restored.
    store.apply({ alert_id: 12, device_id: 'heater-1', rule_id: 1, kind: 'power_above', severity: 'critical', state: 'active', value: 2600, threshold: 2000, message: 'Heater above 2000 W', ts: 2_000, load_shed: 'restored' });
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="alert-load-shed"]')?.textContent).toBe('load shed: restored');
    expect(el.querySelector('[data-testid="restore-load"]')).toBeNull();
  });
});
