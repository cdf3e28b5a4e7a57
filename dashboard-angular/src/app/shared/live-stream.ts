import { Injectable, InjectionToken, inject, signal } from '@angular/core';
import type { AlertEvent, RelayEvent, StatusEvent, Telemetry } from '../api/api-types';
import { ApiClient } from '../api/api-client';

/** The browser's EventSource, replaceable in tests (jsdom has none). */
export const EVENT_SOURCE_FACTORY = new InjectionToken<(url: string) => EventSource>('EVENT_SOURCE_FACTORY', {
  providedIn: 'root',
  factory: () => (url: string) => new EventSource(url),
});

/** Where a stream's single-use ticket comes from; replaceable in tests, where it may answer at once. */
export const LIVE_TICKETS = new InjectionToken<() => string | Promise<string>>('LIVE_TICKETS', {
  providedIn: 'root',
  factory: () => {
    const api = inject(ApiClient);
    return () => api.liveTicket().then((t) => t.ticket);
  },
});

export type LiveConnection = 'idle' | 'connecting' | 'open' | 'reconnecting';

interface LiveEvents {
  reading: Telemetry;
  alert: AlertEvent;
  status: StatusEvent;
  relay: RelayEvent;
  /** The stream (re)opened: anything sent while it was down is missing and may be fetched. */
  open: { reconnected: boolean };
}
type Listener<K extends keyof LiveEvents> = (event: LiveEvents[K]) => void;

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/**
 * The gateway's Server-Sent Events stream (`/api/v1/live`): one connection for the whole app,
 * fanned out to the stores. No polling anywhere: readings, alerts, status and relay changes are
 * pushed. Listeners are plain callbacks, not signals, so no event is lost when several arrive
 * within one change-detection pass.
 */
@Injectable({ providedIn: 'root' })
export class LiveStream {
  private readonly api = inject(ApiClient);
  private readonly createSource = inject(EVENT_SOURCE_FACTORY);
  private readonly tickets = inject(LIVE_TICKETS);
  private readonly listeners: { [K in keyof LiveEvents]: Set<Listener<K>> } = {
    reading: new Set(),
    alert: new Set(),
    status: new Set(),
    relay: new Set(),
    open: new Set(),
  };
  private source: EventSource | null = null;
  private token: string | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryMs = RETRY_MIN_MS;
  private everOpened = false;

  private readonly connectionSignal = signal<LiveConnection>('idle');
  readonly connection = this.connectionSignal.asReadonly();
  /** UTC ms of the last event (heartbeats are comments and do not count). */
  readonly lastEventAt = signal<number | null>(null);

  on<K extends keyof LiveEvents>(kind: K, listener: Listener<K>): () => void {
    this.listeners[kind].add(listener);
    return () => this.listeners[kind].delete(listener);
  }

  connect(token: string): void {
    if (this.source && this.token === token) return;
    this.disconnect();
    this.token = token;
    this.open();
  }

  disconnect(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.source?.close();
    this.source = null;
    this.token = null;
    this.everOpened = false;
    this.connectionSignal.set('idle');
  }

  /** Each (re)connection gets a fresh ticket: a ticket works once, so the browser's own retry with the old URL is refused. */
  private open(): void {
    const token = this.token;
    if (!token) return;
    this.connectionSignal.set(this.everOpened ? 'reconnecting' : 'connecting');
    const ticket = this.tickets();
    if (typeof ticket === 'string') return this.attach(ticket);
    ticket.then(
      (t) => {
        if (this.token === token && !this.source) this.attach(t);
      },
      () => {
        if (this.token === token) this.scheduleRetry(); // a 401 here ends the session (interceptor)
      },
    );
  }

  private attach(ticket: string): void {
    const source = this.createSource(this.api.liveUrl(ticket));
    this.source = source;
    source.onopen = () => {
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.retryMs = RETRY_MIN_MS;
      this.connectionSignal.set('open');
      this.emit('open', { reconnected });
    };
    source.onerror = () => {
      if (this.source !== source) return;
      if (source.readyState === 2 /* CLOSED */) {
        // The server answered with an error (e.g. 401): the browser will not retry on its own.
        source.close();
        this.source = null;
        this.connectionSignal.set('reconnecting');
        // A cheap authenticated call: a 401 there ends the session (interceptor) and logs out.
        void this.api.me().then(
          () => this.scheduleRetry(),
          () => this.scheduleRetry(),
        );
      } else {
        this.connectionSignal.set('reconnecting'); // the browser reconnects by itself
      }
    };
    for (const kind of ['reading', 'alert', 'status', 'relay'] as const) {
      source.addEventListener(kind, (e) => this.dispatch(kind, (e as MessageEvent<string>).data));
    }
  }

  private scheduleRetry(): void {
    if (!this.token || this.retryTimer) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  private dispatch(kind: 'reading' | 'alert' | 'status' | 'relay', data: string): void {
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return; // one malformed event must not break the stream
    }
    this.lastEventAt.set(Date.now());
    this.emit(kind, payload as LiveEvents[typeof kind]);
  }

  private emit<K extends keyof LiveEvents>(kind: K, event: LiveEvents[K]): void {
    for (const listener of this.listeners[kind]) {
      try {
        listener(event);
      } catch (err) {
        console.error(`live ${kind} listener failed`, err);
      }
    }
  }
}
