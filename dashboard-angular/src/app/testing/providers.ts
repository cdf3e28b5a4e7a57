import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { provideRouter } from '@angular/router';
import { authInterceptor } from '../auth/auth-interceptor';
import { EVENT_SOURCE_FACTORY, LIVE_TICKETS } from '../shared/live-stream';
import { FakeEventSource } from './fake-event-source';

/** What every spec needs: HTTP through the app's interceptor to a testing backend, a router, a fake live stream. */
export function testProviders() {
  FakeEventSource.instances = [];
  return [
    provideHttpClient(withInterceptors([authInterceptor])),
    provideHttpClientTesting(),
    provideRouter([]),
    { provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) },
    // A ticket at once, so a spec sees the EventSource right after connect().
    { provide: LIVE_TICKETS, useValue: () => 'ticket-1' },
  ];
}

export const flushPromises = () => new Promise((r) => setTimeout(r, 0));
