import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { FakeEventSource } from '../testing/fake-event-source';
import { historyPoint, telemetry } from '../testing/telemetry';
import { EVENT_SOURCE_FACTORY, LIVE_TICKETS, LiveStream } from './live-stream';
import { MAX_WINDOW_MS, ReadingsStore } from './readings-store';

describe(ReadingsStore.name, () => {
  let store: ReadingsStore;
  let http: HttpTestingController;
  const t0 = Date.UTC(2026, 10, 27, 12, 0, 0);

  beforeEach(() => {
    FakeEventSource.instances = [];
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) }, { provide: LIVE_TICKETS, useValue: () => 'ticket-1' }],
    });
    store = TestBed.inject(ReadingsStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  function watchWithoutHistory(id: string) {
    const series = store.watch(id);
    http.expectOne((r) => r.url === '/api/v1/history' && r.params.get('devices') === id && r.params.get('resolution') === 'raw').flush({ resolution: 'raw', from: 0, to: 0, series: [] });
    return series;
  }

  it('keeps the latest reading of every device, watched or not', () => {
    store.add(telemetry('kitchen-1', t0, 300));
    store.add(telemetry('garage-2', t0, 1200));
    store.add(telemetry('kitchen-1', t0 + 1000, 310));
    expect(store.latest().get('kitchen-1')?.power_w).toBe(310);
    expect(store.latest().get('garage-2')?.power_w).toBe(1200);
    expect(store.seriesOf('kitchen-1')).toBeUndefined();
  });

  it('appends readings of a watched device to the same arrays and ticks the revision', async () => {
    const series = watchWithoutHistory('kitchen-1');
    await Promise.resolve();
    const powerArray = series.power;
    const before = store.revision();
    store.add(telemetry('kitchen-1', t0, 300));
    store.add(telemetry('kitchen-1', t0 + 1000, 320));
    expect(store.seriesOf('kitchen-1')!.power).toBe(powerArray);
    expect(series.power).toEqual([
      { x: t0, y: 300 },
      { x: t0 + 1000, y: 320 },
    ]);
    expect(series.voltage.map((p) => p.y)).toEqual([230, 230]);
    expect(series.current[1].y).toBeCloseTo(320 / 230);
    expect(store.revision()).toBe(before + 2);
  });

  it('puts late readings in time order and ignores duplicates', () => {
    const series = watchWithoutHistory('kitchen-1');
    store.add(telemetry('kitchen-1', t0 + 2000, 3));
    store.add(telemetry('kitchen-1', t0, 1));
    store.add(telemetry('kitchen-1', t0 + 1000, 2));
    const rev = store.revision();
    store.add(telemetry('kitchen-1', t0 + 1000, 2));
    expect(series.power.map((p) => p.y)).toEqual([1, 2, 3]);
    expect(series.voltage).toHaveLength(3);
    expect(store.revision()).toBe(rev);
    // a late reading does not replace the newest one in the tiles
    expect(store.latest().get('kitchen-1')?.ts).toBe(t0 + 2000);
  });

  it('bounds each window to the longest choice (an hour), however long it runs', () => {
    const series = watchWithoutHistory('kitchen-1');
    const twoHours = 2 * 3600;
    for (let i = 0; i < twoHours; i++) store.add(telemetry('kitchen-1', t0 + i * 1000, i));
    const newest = series.power[series.power.length - 1].x;
    expect(newest).toBe(t0 + (twoHours - 1) * 1000);
    expect(series.power.length).toBeLessThanOrEqual(3600 + 1 + 30);
    expect(series.power[0].x).toBeGreaterThanOrEqual(newest - MAX_WINDOW_MS - 30_000);
    expect(series.voltage.length).toBe(series.power.length);
    expect(series.current.length).toBe(series.power.length);
  });

  it('fills a new window from the stored raw readings of the last hour', async () => {
    const series = store.watch('kitchen-1');
    const req = http.expectOne((r) => r.url === '/api/v1/history');
    expect(req.request.params.get('resolution')).toBe('raw');
    const from = Number(req.request.params.get('from'));
    const to = Number(req.request.params.get('to'));
    expect(to - from).toBeGreaterThanOrEqual(MAX_WINDOW_MS);
    store.add(telemetry('kitchen-1', t0 + 5000, 500)); // live data arrived before history
    req.flush({ resolution: 'raw', from, to, series: [{ deviceId: 'kitchen-1', points: [historyPoint(t0, 100), historyPoint(t0 + 1000, 110), historyPoint(t0 + 5000, 500)] }] });
    await new Promise((r) => setTimeout(r, 0));
    expect(series.power.map((p) => p.y)).toEqual([100, 110, 500]);
  });

  it('is fed by the live stream and backfills after a reconnection', async () => {
    TestBed.inject(LiveStream).connect('tok');
    const source = FakeEventSource.latest();
    expect(source.url).toBe('/api/v1/live?ticket=ticket-1'); // a stream ticket, never the session token
    const series = watchWithoutHistory('kitchen-1');
    source.open();
    source.emit('reading', telemetry('kitchen-1', t0, 42));
    expect(series.power).toEqual([{ x: t0, y: 42 }]);
    source.open(); // the browser reconnected on its own
    http.expectOne((r) => r.url === '/api/v1/history' && r.params.get('devices') === 'kitchen-1').flush({ resolution: 'raw', from: 0, to: 0, series: [] });
  });

  it('keeps one window when the live page switches devices', () => {
    watchWithoutHistory('kitchen-1');
    store.watchOnly('kitchen-1');
    expect(store.seriesOf('kitchen-1')).toBeDefined();
    store.watchOnly('garage-2');
    expect(store.seriesOf('kitchen-1')).toBeUndefined();
  });

  it('stops keeping a window for a device no longer watched', () => {
    watchWithoutHistory('kitchen-1');
    store.unwatch('kitchen-1');
    store.add(telemetry('kitchen-1', t0, 1));
    expect(store.seriesOf('kitchen-1')).toBeUndefined();
  });
});
