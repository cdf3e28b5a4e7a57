import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { FakeEventSource } from '../testing/fake-event-source';
import { flushPromises } from '../testing/providers';
import { EVENT_SOURCE_FACTORY, LiveStream } from './live-stream';

describe(LiveStream.name, () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) }],
    });
  });

  it('opens each stream with a fresh single-use ticket, never with the session token in the URL (issue 16)', async () => {
    const http = TestBed.inject(HttpTestingController);
    const live = TestBed.inject(LiveStream);
    live.connect('session-token');
    http.expectOne((r) => r.method === 'POST' && r.url === '/api/v1/live/tickets').flush({ ticket: 'ticket-a', expiresAt: Date.now() + 30_000 });
    await flushPromises();
    const first = FakeEventSource.latest();
    expect(first.url).toBe('/api/v1/live?ticket=ticket-a');
    expect(first.url).not.toContain('session-token');
    // Refused (the ticket is spent): a new ticket for the next attempt.
    first.readyState = 2;
    first.onerror?.(new Event('error'));
    http.expectOne('/api/v1/auth/me').flush({ username: 'admin' });
    await flushPromises();
    await new Promise((r) => setTimeout(r, 1_100));
    http.expectOne((r) => r.method === 'POST' && r.url === '/api/v1/live/tickets').flush({ ticket: 'ticket-b', expiresAt: Date.now() + 30_000 });
    await flushPromises();
    expect(FakeEventSource.latest().url).toBe('/api/v1/live?ticket=ticket-b');
    live.disconnect();
  });
});
