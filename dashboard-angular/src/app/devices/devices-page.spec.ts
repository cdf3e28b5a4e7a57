import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { flushPromises, testProviders } from '../testing/providers';
import { DevicesPage } from './devices-page';

describe(DevicesPage.name, () => {
  beforeEach(() => TestBed.configureTestingModule({ imports: [DevicesPage], providers: testProviders() }));

  it('provisions a device and shows its secret once, with the firmware and MQTT configuration', async () => {
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(DevicesPage);
    http.expectOne('/api/v1/devices').flush([]);
    await flushPromises();
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.textContent).toContain('No devices yet');

    const id = el.querySelector<HTMLInputElement>('input[formcontrolname="id"]')!;
    id.value = 'Garage 2';
    id.dispatchEvent(new Event('input'));
    el.querySelector('em-provision-form form')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    expect(el.textContent).toContain('Use lower-case letters');
    http.expectNone('/api/v1/devices');

    id.value = 'garage-2';
    id.dispatchEvent(new Event('input'));
    el.querySelector('em-provision-form form')!.dispatchEvent(new Event('submit'));
    const req = http.expectOne({ method: 'POST', url: '/api/v1/devices' });
    expect(req.request.body).toEqual({ id: 'garage-2' });
    const mqtt = { host: 'mqtt.example', port: 1883, username: 'garage-2', password: 's3cret-s3cret-s3cret', clientId: 'garage-2', topicPrefix: 'energy/garage-2/' };
    req.flush({
      device: { id: 'garage-2', name: 'garage-2', online: false, revoked: false, createdAt: 1, lastReading: null, todayKwh: 0, relay: null },
      secret: mqtt.password,
      mqtt,
    });
    await flushPromises();
    await fixture.whenStable();

    const panel = el.querySelector('[data-testid="secret-panel"]')!;
    expect(panel.querySelector('[data-testid="device-secret"]')?.textContent).toBe('s3cret-s3cret-s3cret');
    expect(panel.textContent).toContain('#define CFG_DEVICE_ID "garage-2"');
    expect(panel.textContent).toContain('#define CFG_MQTT_HOST "mqtt.example"');
    expect(JSON.parse(panel.querySelector('[data-testid="mqtt-json"]')!.textContent!)).toEqual(mqtt);
    expect(el.querySelector('[data-device="garage-2"]')?.textContent).toContain('offline');

    // Once dismissed, the secret is gone from the page for good.
    [...panel.querySelectorAll('button')].find((b) => b.textContent?.includes('Done'))!.click();
    await fixture.whenStable();
    expect(el.textContent).not.toContain('s3cret-s3cret-s3cret');
  });
});
