import { HttpTestingController } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { Device, RelayCommandRecord } from '../api/api-types';
import { flushPromises, testProviders } from '../testing/providers';
import { RelaySwitch } from './relay-switch';

const device = (relay: 'on' | 'off' | null, online = true): Device => ({ id: 'lamp-1', name: 'Lamp', online, revoked: false, createdAt: 0, lastReading: null, todayKwh: 0, relay });
const command = (state: 'on' | 'off', expiresInMs: number): RelayCommandRecord => ({
  cmdId: 'api-1',
  deviceId: 'lamp-1',
  state,
  status: 'requested',
  source: 'api',
  requestedBy: 'user admin',
  alertId: null,
  reason: 'switched',
  attempts: 1,
  issuedAt: Date.now(),
  expiresAt: Date.now() + expiresInMs,
  confirmedAt: null,
  reportedState: null,
});

describe(RelaySwitch.name, () => {
  beforeEach(() => TestBed.configureTestingModule({ imports: [RelaySwitch], providers: testProviders() }));

  async function mount(initial: Device) {
    const state = signal(initial);
    const fixture = TestBed.createComponent(RelaySwitch);
    fixture.componentRef.setInput('device', state());
    await fixture.whenStable();
    const set = async (d: Device) => {
      state.set(d);
      fixture.componentRef.setInput('device', d);
      await fixture.whenStable();
    };
    return { fixture, el: fixture.nativeElement as HTMLElement, set, http: TestBed.inject(HttpTestingController) };
  }

  it('shows the confirmed state, and stays on it while switching until the device reports the new one', async () => {
    const { el, set, http, fixture } = await mount(device('on'));
    const button = el.querySelector<HTMLButtonElement>('[data-testid="relay-switch"]')!;
    expect(button.getAttribute('role')).toBe('switch');
    expect(button.getAttribute('aria-checked')).toBe('true');

    button.click();
    const req = http.expectOne({ method: 'POST', url: '/api/v1/devices/lamp-1/relay' });
    expect(req.request.body).toEqual({ state: 'off' });
    req.flush(command('off', 30_000), { status: 202, statusText: 'Accepted' });
    await flushPromises();
    await fixture.whenStable();
    expect(button.getAttribute('aria-checked')).toBe('true'); // not confirmed yet
    expect(button.textContent).toContain('switching off…');
    expect(button.disabled).toBe(true);

    await set(device('off')); // the device's report, through the live push
    expect(button.getAttribute('aria-checked')).toBe('false');
    expect(button.textContent).toContain('off');
    expect(button.disabled).toBe(false);
  });

  it('says how a command ended when no report confirmed it before it expired', async () => {
    const { el, http, fixture } = await mount(device('on'));
    el.querySelector<HTMLButtonElement>('[data-testid="relay-switch"]')!.click();
    // Already expired: the switch looks up the outcome after its 1.5 s grace.
    http.expectOne({ method: 'POST', url: '/api/v1/devices/lamp-1/relay' }).flush(command('off', -1), { status: 202, statusText: 'Accepted' });
    await flushPromises();
    await new Promise((r) => setTimeout(r, 1_700));
    http.expectOne('/api/v1/devices/lamp-1/relay').flush({ deviceId: 'lamp-1', state: 'on', commands: [{ ...command('off', -1), status: 'expired', reportedState: 'on' }] });
    await flushPromises();
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="relay-message"]')?.textContent).toBe('Not switched off: the device found the command too late. The relay is on.');
    expect(el.querySelector('[data-testid="relay-switch"]')!.getAttribute('aria-checked')).toBe('true');
  });

  it('is disabled while the device is offline, and shows the refusal of the API', async () => {
    const offline = await mount(device('off', false));
    expect(offline.el.querySelector<HTMLButtonElement>('[data-testid="relay-switch"]')!.disabled).toBe(true);

    const { el, http, fixture } = await mount(device(null));
    el.querySelector<HTMLButtonElement>('[data-testid="relay-switch"]')!.click();
    http.expectOne({ method: 'POST', url: '/api/v1/devices/lamp-1/relay' }).flush({ statusCode: 503, message: 'the alert service is unavailable: no answer within 5 s' }, { status: 503, statusText: 'Service Unavailable' });
    await flushPromises();
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="relay-message"]')?.textContent).toBe('Not switched: the alert service is unavailable: no answer within 5 s');
  });
});
