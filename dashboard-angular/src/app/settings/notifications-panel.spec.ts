import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { flushPromises, testProviders } from '../testing/providers';
import { NotificationsPanel } from './notifications-panel';

const ANNA = { id: 3, phone: '+49•••••••••78', label: 'Anna', createdAt: 1_790_000_000_000 };

describe(NotificationsPanel.name, () => {
  beforeEach(() => TestBed.configureTestingModule({ imports: [NotificationsPanel], providers: testProviders() }));

  async function settle(fixture: { whenStable(): Promise<unknown>; detectChanges(): void }) {
    await flushPromises();
    await fixture.whenStable();
    fixture.detectChanges();
  }
  const type = (el: HTMLElement, name: string, value: string) => {
    const input = el.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };

  it('explains the CallMeBot activation, adds a recipient with its key, clears the key field and shows the gateway\u2019s reason on a refusal', async () => {
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(NotificationsPanel);
    fixture.detectChanges();
    http.expectOne({ method: 'GET', url: '/api/v1/notifications/recipients' }).flush([]);
    await settle(fixture);
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('[data-testid="callmebot-walkthrough"]')!.textContent).toContain('I allow callmebot to send me messages');
    expect(el.querySelector<HTMLInputElement>('input[name="recipient-key"]')!.type).toBe('password');

    type(el, 'recipient-phone', '0151');
    type(el, 'recipient-label', 'Anna');
    type(el, 'recipient-key', '123456');
    el.querySelector('form')!.dispatchEvent(new Event('submit'));
    http.expectOne({ method: 'POST', url: '/api/v1/notifications/recipients' }).flush(
      { statusCode: 400, error: 'Bad Request', message: 'phone: must be a phone number in international format such as +4915112345678' },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle(fixture);
    expect(el.querySelector('[data-testid="recipient-error"]')!.textContent).toContain('phone: must be a phone number in international format');

    type(el, 'recipient-phone', '+4915112345678');
    el.querySelector('form')!.dispatchEvent(new Event('submit'));
    const post = http.expectOne({ method: 'POST', url: '/api/v1/notifications/recipients' });
    expect(post.request.body).toEqual({ phone: '+4915112345678', label: 'Anna', apikey: '123456' });
    post.flush(ANNA);
    await settle(fixture);
    http.expectOne('/api/v1/notifications/recipients').flush([ANNA]);
    await settle(fixture);
    expect(el.querySelector('[data-testid="recipient-3"]')!.textContent).toContain('+49•••••••••78');
    expect(el.querySelector<HTMLInputElement>('input[name="recipient-key"]')!.value).toBe('');
    expect(el.querySelector('[data-testid="recipient-error"]')).toBeNull();
    http.verify();
  });

  it('sends a test and shows sent or CallMeBot\u2019s reason for a failure; removes a recipient', async () => {
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(NotificationsPanel);
    fixture.detectChanges();
    http.expectOne('/api/v1/notifications/recipients').flush([ANNA]);
    await settle(fixture);
    const el: HTMLElement = fixture.nativeElement;
    const button = (label: string) => el.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`)!;

    button('Send a test message to Anna').click();
    http.expectOne({ method: 'POST', url: '/api/v1/notifications/recipients/3/test' }).flush({ recipientId: 3, phone: ANNA.phone, outcome: 'sent', httpStatus: null, error: null, durationMs: 120 });
    await settle(fixture);
    expect(el.querySelector('[data-testid="test-result"]')!.textContent).toContain('Test message sent to +49•••••••••78');

    button('Send a test message to Anna').click();
    http.expectOne('/api/v1/notifications/recipients/3/test').flush({ recipientId: 3, phone: ANNA.phone, outcome: 'failed', httpStatus: 200, error: 'CallMeBotDeliveryError: 203 API key incorrect', durationMs: 80 });
    await settle(fixture);
    expect(el.querySelector('[data-testid="test-result"]')!.textContent).toContain('failed: CallMeBotDeliveryError: 203 API key incorrect');

    button('Remove Anna').click();
    http.expectOne({ method: 'DELETE', url: '/api/v1/notifications/recipients/3' }).flush(null, { status: 204, statusText: 'No Content' });
    await settle(fixture);
    http.expectOne('/api/v1/notifications/recipients').flush([]);
    await settle(fixture);
    expect(el.querySelector('[data-testid="recipient-3"]')).toBeNull();
    http.verify();
  });
});
