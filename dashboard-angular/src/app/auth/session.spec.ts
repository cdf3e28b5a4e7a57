import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { ApiClient } from '../api/api-client';
import { LiveStream } from '../shared/live-stream';
import { FakeEventSource } from '../testing/fake-event-source';
import { flushPromises, testProviders } from '../testing/providers';
import { LoginPage } from './login-page';
import { SessionStore } from './session-store';

describe('session', () => {
  let http: HttpTestingController;
  let session: SessionStore;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ imports: [LoginPage], providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    session = TestBed.inject(SessionStore);
  });

  afterEach(() => http.verify());

  const start = () => session.start({ token: 'tok-1', expiresAt: Date.now() + 3_600_000, user: { username: 'admin' } });

  it('sends the token with API calls and keeps it across reloads', async () => {
    start();
    const done = TestBed.inject(ApiClient).devices();
    expect(http.expectOne('/api/v1/devices').request.headers.get('Authorization')).toBe('Bearer tok-1');
    http.match('/api/v1/devices')[0]?.flush([]);
    expect(JSON.parse(localStorage.getItem('energy-monitor.session')!)).toMatchObject({ token: 'tok-1', username: 'admin' });
    void done.catch(() => undefined);
  });

  it('ends the session with a clear message when the server refuses the token', async () => {
    start();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const call = TestBed.inject(ApiClient).devices();
    http.expectOne('/api/v1/devices').flush({ statusCode: 401, error: 'Unauthorized', message: 'session expired' }, { status: 401, statusText: 'Unauthorized' });
    await expect(call).rejects.toBeTruthy();
    expect(session.isLoggedIn()).toBe(false);
    expect(session.loggedOutReason()).toBe('expired');
    expect(navigate).toHaveBeenCalledWith(['/login'], expect.anything());

    const fixture = TestBed.createComponent(LoginPage);
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="status"]')?.textContent).toContain('Your session has expired');
  });

  it('notices an expired session when the live stream is refused', async () => {
    start();
    jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const live = TestBed.inject(LiveStream);
    live.connect('tok-1');
    const source = FakeEventSource.latest();
    source.readyState = 2; // the server answered 401: EventSource gives up
    source.onerror?.(new Event('error'));
    expect(live.connection()).toBe('reconnecting');
    http.expectOne('/api/v1/auth/me').flush({ statusCode: 401, error: 'Unauthorized', message: 'expired' }, { status: 401, statusText: 'Unauthorized' });
    await flushPromises();
    expect(session.loggedOutReason()).toBe('expired');
    live.disconnect();
  });

  it('logs in, stores the session and explains a wrong password or a lock-out', async () => {
    const fixture = TestBed.createComponent(LoginPage);
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    const password = el.querySelector<HTMLInputElement>('input[name="password"]')!;
    const submit = () => el.querySelector('form')!.dispatchEvent(new Event('submit'));

    password.value = 'nope';
    password.dispatchEvent(new Event('input'));
    submit();
    http.expectOne('/api/v1/auth/login').flush({ statusCode: 401, error: 'Unauthorized', message: 'wrong' }, { status: 401, statusText: 'Unauthorized' });
    await flushPromises();
    await fixture.whenStable();
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Wrong user name or password');

    submit();
    http.expectOne('/api/v1/auth/login').flush({ statusCode: 429, error: 'Too Many Requests', message: 'slow down' }, { status: 429, statusText: 'Too Many Requests' });
    await flushPromises();
    await fixture.whenStable();
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Too many failed attempts');

    password.value = 'right';
    password.dispatchEvent(new Event('input'));
    submit();
    const req = http.expectOne('/api/v1/auth/login');
    expect(req.request.body).toEqual({ username: 'admin', password: 'right' });
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush({ token: 'tok-2', expiresAt: Date.now() + 60_000, user: { username: 'admin' } });
    await flushPromises();
    expect(session.token()).toBe('tok-2');
    expect(navigate).toHaveBeenCalledWith('/live');
  });
});
