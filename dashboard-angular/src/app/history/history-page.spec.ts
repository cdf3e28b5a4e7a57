import { HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideCharts, withDefaultRegisterables } from 'ng2-charts';
import type { Device, HistoryResponse } from '../api/api-types';
import { DevicesStore } from '../shared/devices-store';
import { flushPromises, testProviders } from '../testing/providers';
import { HistoryPage } from './history-page';
import { describeResolution, validateRange } from './time-range';

const device = (id: string): Device => ({ id, name: id.toUpperCase(), online: true, revoked: false, createdAt: 0, lastReading: null, todayKwh: 0, relay: null });
const stat = (v: number) => ({ avg: v, min: v - 10, max: v + 10 });

describe(HistoryPage.name, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ imports: [HistoryPage], providers: [...testProviders(), provideCharts(withDefaultRegisterables())] });
    http = TestBed.inject(HttpTestingController);
  });

  const debounce = () => new Promise((r) => setTimeout(r, 300));
  const nextHistory = (): TestRequest => http.expectOne((r) => r.url === '/api/v1/history');
  const answer = (req: TestRequest, resolution: HistoryResponse['resolution'], bucketMs: number | null) =>
    req.flush({
      resolution,
      bucketMs,
      from: 0,
      to: 1,
      series: req.request.params
        .get('devices')!
        .split(',')
        .map((deviceId) => ({ deviceId, points: [{ ts: 1, n: 60, voltage_v: stat(230), current_a: stat(1), power_w: stat(230), energy_wh: 3.8 }] })),
    });

  async function render() {
    const store = TestBed.inject(DevicesStore);
    store.prefer('b-2');
    const loading = store.load();
    http.expectOne('/api/v1/devices').flush([device('a-1'), device('b-2'), device('c-3')]);
    await loading;
    const fixture = TestBed.createComponent(HistoryPage);
    await fixture.whenStable();
    return fixture;
  }

  it('opens on the last hour of the device chosen on the live page', async () => {
    const fixture = await render();
    await debounce();
    const req = nextHistory();
    expect(req.request.params.get('devices')).toBe('b-2');
    const span = Number(req.request.params.get('to')) - Number(req.request.params.get('from'));
    expect(span).toBeGreaterThanOrEqual(3_600_000 - 5);
    expect(span).toBeLessThanOrEqual(3_600_000 + 5);
    expect(req.request.params.get('resolution')).toBe('auto');
    answer(req, 'raw', null);
    await flushPromises();
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('[data-testid="history-status"]').textContent).toContain('1 points, every reading');
  });

  it('overlays devices, switches presets, and describes rollups', async () => {
    const fixture = await render();
    await debounce();
    answer(nextHistory(), 'raw', null);
    const el: HTMLElement = fixture.nativeElement;
    const boxes = [...el.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
    boxes[0].click(); // a-1
    [...el.querySelectorAll<HTMLInputElement>('input[name="range"]')].find((r) => r.value === '7d')!.click();
    await fixture.whenStable();
    await debounce();
    const req = nextHistory(); // one request for both changes (debounced)
    expect(req.request.params.get('devices')).toBe('a-1,b-2');
    expect(Number(req.request.params.get('to')) - Number(req.request.params.get('from'))).toBeGreaterThan(6.9 * 86_400_000);
    answer(req, 'hour', 3_600_000);
    await flushPromises();
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="history-status"]')!.textContent).toContain('2 points, 1-hour averages with min/max');
    expect(el.querySelector('em-history-chart canvas')!.getAttribute('aria-label')).toBe('Power history of 2 device(s), 2 points');
  });

  it('checks a custom range before asking the server', async () => {
    const fixture = await render();
    await debounce();
    answer(nextHistory(), 'raw', null);
    const el: HTMLElement = fixture.nativeElement;
    [...el.querySelectorAll<HTMLInputElement>('input[name="range"]')].find((r) => r.value === 'custom')!.click();
    await fixture.whenStable();
    const [from, to] = [...el.querySelectorAll<HTMLInputElement>('input[type="datetime-local"]')];
    from.value = '2026-11-20T10:00';
    from.dispatchEvent(new Event('input'));
    to.value = '2026-11-19T10:00';
    to.dispatchEvent(new Event('input'));
    el.querySelector('form.custom')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    expect(el.querySelector('.custom [role="alert"]')!.textContent).toContain('The start must be before the end.');
    await debounce();
    http.expectNone((r) => r.url === '/api/v1/history');
  });

  it('time-range helpers', () => {
    expect(validateRange({ from: 0, to: 401 * 86_400_000 })).toBe('A range can be at most 400 days.');
    expect(validateRange({ from: 1, to: 2 })).toBeNull();
    expect(describeResolution('minute', 300_000)).toBe('5-minute averages with min/max');
    expect(describeResolution('day', null)).toBe('day averages with min/max');
  });
});
