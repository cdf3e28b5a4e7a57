import { ConfigError } from '@energy/service-kit';
import { loadIngestConfig } from './env';

describe(loadIngestConfig.name, () => {
  it("takes the meters' rating from MAX_CURRENT_A, 32 A by default", () => {
    expect(loadIngestConfig({}).meter).toEqual({ maxCurrentA: 32 });
    expect(loadIngestConfig({ MAX_CURRENT_A: '20.5' }).meter).toEqual({ maxCurrentA: 20.5 });
  });

  it.each([
    ['0', 'MAX_CURRENT_A: must be above 0'],
    ['150', "MAX_CURRENT_A: must be at most 100 (the reading contract's limit)"],
    ['lots', 'MAX_CURRENT_A: must be a number of amperes'],
  ])('refuses MAX_CURRENT_A=%s at start-up', (value, message) => {
    expect(() => loadIngestConfig({ MAX_CURRENT_A: value })).toThrow(ConfigError);
    expect(() => loadIngestConfig({ MAX_CURRENT_A: value })).toThrow(message);
  });

  it('publishes per-device telemetry only when TELEMETRY_PER_DEVICE asks for it, and batches within 20 ms over 16 partitions by default', () => {
    expect(loadIngestConfig({}).telemetry).toEqual({ partitions: 16, windowMs: 20, perDeviceTopic: false });
    expect(loadIngestConfig({ TELEMETRY_PER_DEVICE: 'true' }).telemetry.perDeviceTopic).toBe(true);
    expect(() => loadIngestConfig({ TELEMETRY_PER_DEVICE: 'maybe' })).toThrow('TELEMETRY_PER_DEVICE: must be true or false');
  });

  it('acks at most once a second per device by default, and refuses a window the devices would time out on', () => {
    expect(loadIngestConfig({}).ackWindowMs).toBe(1_000);
    expect(() => loadIngestConfig({ ACK_WINDOW_MS: '10000' })).toThrow('ACK_WINDOW_MS: must be at most 5000');
  });

  it('refuses a short, predictable or example MQTT_PASSWORD at start-up, naming the variable (issue 16)', () => {
    expect(() => loadIngestConfig({ MQTT_PASSWORD: 'short-pass' })).toThrow('MQTT_PASSWORD: must be at least 16 characters');
    expect(() => loadIngestConfig({ MQTT_PASSWORD: 'abababababababababab' })).toThrow('MQTT_PASSWORD: has too few different characters to be a secret');
    expect(() => loadIngestConfig({ MQTT_PASSWORD: 'example-ingest-password-change-me' })).toThrow(/MQTT_PASSWORD/);
    expect(loadIngestConfig({ MQTT_PASSWORD: 'c0ffee-9d8e7f6a5b4c3d2e1f' }).mqtt.password).toBe('c0ffee-9d8e7f6a5b4c3d2e1f');
  });
});
