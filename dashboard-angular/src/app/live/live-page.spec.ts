import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideCharts, withDefaultRegisterables } from 'ng2-charts';
import type { Device } from '../api/api-types';
import { DevicesStore } from '../shared/devices-store';
import { FakeEventSource } from '../testing/fake-event-source';
import { telemetry } from '../testing/telemetry';
import { LivePage } from './live-page';
import { EVENT_SOURCE_FACTORY, LIVE_TICKETS, LiveStream } from '../shared/live-stream';
import { ReadingsStore } from '../shared/readings-store';

const device = (id: string, name: string, extra: Partial<Device> = {}): Device => ({
  id,
  name,
  online: true,
  revoked: false,
  createdAt: 0,
  lastReading: { ts: Date.now() - 3000, voltage_v: 229.4, current_a: 1.1, power_w: 250, power_factor: null },
  todayKwh: 1.5,
  relay: null,
  ...extra,
});

describe(LivePage.name, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    FakeEventSource.instances = [];
    TestBed.configureTestingModule({
      imports: [LivePage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideCharts(withDefaultRegisterables()),
        { provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) },
        { provide: LIVE_TICKETS, useValue: () => 'ticket-1' },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  async function render(devices: Device[]) {
    const store = TestBed.inject(DevicesStore);
    const loading = store.load();
    http.expectOne('/api/v1/devices').flush(devices);
    await loading;
    const fixture = TestBed.createComponent(LivePage);
    await fixture.whenStable();
    return fixture;
  }

  function answerSideRequests() {
    for (const req of http.match((r) => r.url === '/api/v1/history')) req.flush({ resolution: 'raw', from: 0, to: 0, series: [] });
    for (const req of http.match('/api/v1/energy/summary?devices=kitchen-1'))
      req.flush({ todayKwh: 2.5, todayCost: 0.75, monthToDateKwh: 40, monthToDateCost: 12, projectedMonthKwh: 90, projectedMonthCost: 27, currency: 'EUR' });
    for (const req of http.match('/api/v1/tariff')) req.flush({ currency: 'EUR', flatRatePerKwh: 0.3, standingChargePerDay: 0, timeOfUse: [] });
  }

  it('shows the first device with its last stored values, today’s energy and cost, and three charts', async () => {
    const fixture = await render([device('kitchen-1', 'Kitchen'), device('garage-2', 'Garage')]);
    answerSideRequests();
    await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('[data-testid="tile-power"]')?.textContent).toContain('250');
    expect(el.textContent).toContain('229.4');
    expect(el.textContent).toContain('n/a'); // no power factor measured
    expect(el.textContent).toContain('2.50');
    expect(el.textContent).toMatch(/€\s?0\.75|0\.75\s?€/);
    expect(el.querySelector('[data-testid="tile-status"]')?.textContent).toContain('Online');
    expect(el.querySelectorAll('em-stream-chart canvas')).toHaveLength(3);
    expect((el.querySelector('select') as HTMLSelectElement).value).toBe('kitchen-1');
  });

  it('updates tiles and charts from the live push, not by polling', async () => {
    const live = TestBed.inject(LiveStream);
    live.connect('tok');
    const fixture = await render([device('kitchen-1', 'Kitchen')]);
    answerSideRequests();
    const source = FakeEventSource.latest();
    source.open();
    const now = Date.now();
    source.emit('reading', telemetry('kitchen-1', now, 1834, { power_factor: 0.93 }));
    source.emit('reading', telemetry('other-9', now, 5)); // another device: no effect on this view
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('[data-testid="tile-power"]')?.textContent?.replace(/\s/g, '')).toMatch(/1,?834W/);
    expect(el.textContent).toContain('0.93');
    expect(TestBed.inject(ReadingsStore).seriesOf('kitchen-1')!.power).toEqual([{ x: now, y: 1834 }]);
    expect(el.querySelector('[data-testid="chart-power"]')?.textContent).toContain('1 points in view');
    // no request beyond the initial ones
    http.verify();
  });

  it('marks the device offline when the status event says so', async () => {
    const live = TestBed.inject(LiveStream);
    live.connect('tok');
    const fixture = await render([device('kitchen-1', 'Kitchen')]);
    answerSideRequests();
    FakeEventSource.latest().emit('status', { device_id: 'kitchen-1', status: 'offline' });
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('[data-testid="tile-status"]')?.textContent).toContain('Offline');
  });

  it('changes the chart window without refetching', async () => {
    const fixture = await render([device('kitchen-1', 'Kitchen')]);
    answerSideRequests();
    const radio = [...(fixture.nativeElement as HTMLElement).querySelectorAll<HTMLInputElement>('input[name="window"]')].find((r) => r.value === '60')!;
    radio.click();
    await fixture.whenStable();
    expect(TestBed.inject(ReadingsStore).windowMinutes()).toBe(60);
    expect((fixture.nativeElement as HTMLElement).querySelector('canvas')?.getAttribute('aria-label')).toContain('last 60 minutes');
    http.verify();
  });

  it('invites to add a device when there is none', async () => {
    const fixture = await render([]);
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('No devices yet');
  });
});
