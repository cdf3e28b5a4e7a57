import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { AlertEvent } from '../api/api-types';
import { alert } from '../testing/alerts';
import { LiveStream } from '../shared/live-stream';
import { FakeEventSource } from '../testing/fake-event-source';
import { flushPromises, testProviders } from '../testing/providers';
import { AlertsStore } from './alerts-store';

const event = (id: number, state: AlertEvent['state'], ts: number): AlertEvent => ({
  alert_id: id,
  device_id: 'heater-1',
  rule_id: 1,
  kind: 'power_above',
  severity: 'critical',
  state,
  value: 2600,
  threshold: 2000,
  message: 'Power Alert! 2600 W',
  ts,
});

describe(AlertsStore.name, () => {
  let store: AlertsStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: testProviders() });
    store = TestBed.inject(AlertsStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('loads the active and acknowledged alerts, newest first', async () => {
    const loading = store.load();
    http.expectOne('/api/v1/alerts?state=active&limit=200').flush([alert(1, { raisedAt: 1 }), alert(3, { raisedAt: 3 })]);
    http.expectOne('/api/v1/alerts?state=acknowledged&limit=200').flush([alert(2, { state: 'acknowledged', raisedAt: 2 })]);
    await loading;
    expect(store.open().map((a) => a.id)).toEqual([3, 2, 1]);
    expect(store.active().map((a) => a.id)).toEqual([3, 1]);
  });

  it('follows the live push: raised, acknowledged elsewhere, cleared', () => {
    TestBed.inject(LiveStream).connect('tok');
    const source = FakeEventSource.latest();
    source.emit('alert', event(7, 'active', 5_000));
    expect(store.active().map((a) => a.id)).toEqual([7]);
    expect(store.open()[0].raisedAt).toBe(5_000);

    source.emit('alert', event(7, 'acknowledged', 6_000));
    expect(store.active()).toEqual([]);
    expect(store.open()[0]).toMatchObject({ state: 'acknowledged', acknowledgedAt: 6_000, raisedAt: 5_000 });

    // a reminder sent before the acknowledgement was seen does not bring it back
    source.emit('alert', event(7, 'active', 6_500));
    expect(store.active()).toEqual([]);

    source.emit('alert', event(7, 'cleared', 9_000));
    expect(store.open()).toEqual([]);
  });

  it('acknowledges through the API and keeps the alert, marked acknowledged, until it clears', async () => {
    store.upsert(alert(4));
    const done = store.acknowledge(4);
    expect(store.acknowledging().has(4)).toBe(true);
    const req = http.expectOne('/api/v1/alerts/4/acknowledge');
    expect(req.request.method).toBe('POST');
    req.flush(alert(4, { state: 'acknowledged', acknowledgedAt: 2_000 }));
    await done;
    expect(store.acknowledging().has(4)).toBe(false);
    expect(store.open()).toEqual([expect.objectContaining({ id: 4, state: 'acknowledged' })]);
  });

  it('says why an acknowledgement failed', async () => {
    store.upsert(alert(5));
    const done = store.acknowledge(5);
    http.expectOne('/api/v1/alerts/5/acknowledge').flush({ statusCode: 404, error: 'Not Found', message: 'alert 5 does not exist' }, { status: 404, statusText: 'Not Found' });
    await done;
    await flushPromises();
    expect(store.error()).toBe('Could not acknowledge: alert 5 does not exist');
    expect(store.active().map((a) => a.id)).toEqual([5]);
  });
});
