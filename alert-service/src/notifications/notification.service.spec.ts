import { createLogger, systemClock } from '@energy/service-kit';
import { Registry } from 'prom-client';
import { loadAlertConfig } from '../config/env';
import { AlertMetrics } from '../observability/metrics';
import type { DeliveriesStore, DeliveryAttempt } from '@energy/db';
import { NotificationService } from './notification.service';
import { NotificationDeliveryError, type Notifier } from '../shared/notifier';

function setup(notifier: Notifier, env: Record<string, string> = {}) {
  const recorded: DeliveryAttempt[] = [];
  const deliveries = { record: async (a: DeliveryAttempt) => void recorded.push(a) } as unknown as DeliveriesStore;
  const config = loadAlertConfig({ MQTT_URL: 'mqtt://127.0.0.1:1', CALLMEBOT_PHONE: '+4915112345678', NOTIFY_BACKOFF_MS: '5', NOTIFY_MIN_INTERVAL_MS: '0', ...env });
  const service = new NotificationService(notifier, deliveries, config, createLogger('t', 'silent'), systemClock, new AlertMetrics(new Registry()));
  return { service, recorded };
}

describe(NotificationService.name, () => {
  it('returns at once, even when the notifier hangs', async () => {
    let release!: () => void;
    const notifier: Notifier = { channel: 'test', send: () => new Promise<void>((resolve) => (release = resolve)) };
    const { service, recorded } = setup(notifier);
    const started = performance.now();
    service.notify({ alertId: 1, event: 'raised', text: 'hi', recipients: [] });
    expect(performance.now() - started).toBeLessThan(20);
    expect(recorded).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await service.drain();
    expect(recorded.map((r) => [r.recipient, r.outcome])).toEqual([['+4915112345678', 'sent']]);
  });

  it('retries retryable failures with backoff and stops at the first final one', async () => {
    const failures = [new NotificationDeliveryError('HTTP 503', true, 503), new NotificationDeliveryError('203 API key incorrect', false, 200)];
    const send = jest.fn(async () => {
      throw failures.shift()!;
    });
    const { service, recorded } = setup({ channel: 'test', send });
    service.notify({ alertId: 7, event: 'raised', text: 'hi', recipients: ['+33612345678'] });
    await service.drain();
    expect(send).toHaveBeenCalledTimes(2);
    expect(recorded.map((r) => [r.attempt, r.outcome, r.httpStatus, r.error])).toEqual([
      [1, 'retrying', 503, 'NotificationDeliveryError: HTTP 503'],
      [2, 'failed', 200, 'NotificationDeliveryError: 203 API key incorrect'],
    ]);
  });

  it('gives up after the last attempt', async () => {
    const send = jest.fn(async () => {
      throw new Error('socket hang up');
    });
    const { service, recorded } = setup({ channel: 'test', send }, { NOTIFY_MAX_ATTEMPTS: '3' });
    service.notify({ alertId: 7, event: 'cleared', text: 'bye', recipients: [] });
    await service.drain();
    expect(recorded.map((r) => r.outcome)).toEqual(['retrying', 'retrying', 'failed']);
  });
});
