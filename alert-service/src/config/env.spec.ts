import { ConfigError } from '@energy/service-kit';
import { loadAlertConfig } from './env';

describe(loadAlertConfig.name, () => {
  it('applies the documented defaults', () => {
    const config = loadAlertConfig({ MQTT_URL: 'mqtt://127.0.0.1:18830' });
    expect(config.mqtt).toMatchObject({ username: 'alert', url: 'mqtt://127.0.0.1:18830' });
    expect(config.database.sqlitePath).toBe('.data/energy.sqlite');
    expect(config.http.port).toBe(9103);
    expect(config.siteTimeZone).toBe('UTC');
    expect(config.callMeBot.baseUrl).toBe('https://api.callmebot.com');
    expect(config.callMeBot.apiKey).toBeUndefined();
  });

  it('accepts port 0 and parses per-recipient keys', () => {
    const config = loadAlertConfig({ MQTT_URL: 'mqtt://x:1', HTTP_PORT: '0', CALLMEBOT_RECIPIENT_KEYS: '+4915112345678=abc, +33612345678=def' });
    expect(config.http.port).toBe(0);
    expect([...config.callMeBot.recipientKeys]).toEqual([
      ['+4915112345678', 'abc'],
      ['+33612345678', 'def'],
    ]);
  });

  it('names every wrong variable', () => {
    let error: unknown;
    try {
      loadAlertConfig({ MQTT_URL: 'http://x', CALLMEBOT_PHONE: '015112345678', SITE_TIMEZONE: 'Mars/Base' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('MQTT_URL');
    expect(message).toContain('CALLMEBOT_PHONE');
    expect(message).toContain('SITE_TIMEZONE');
  });

  it('refuses a short, predictable or example MQTT_PASSWORD at start-up, naming the variable (issue 16)', () => {
    const base = { MQTT_URL: 'mqtt://127.0.0.1:1883' };
    expect(() => loadAlertConfig({ ...base, MQTT_PASSWORD: 'short-pass' })).toThrow('MQTT_PASSWORD: must be at least 16 characters');
    expect(() => loadAlertConfig({ ...base, MQTT_PASSWORD: 'abababababababababab' })).toThrow('MQTT_PASSWORD: has too few different characters to be a secret');
    expect(() => loadAlertConfig({ ...base, MQTT_PASSWORD: 'example-alert-password-change-me' })).toThrow(/MQTT_PASSWORD/);
    expect(loadAlertConfig({ ...base, MQTT_PASSWORD: 'c0ffee-9d8e7f6a5b4c3d2e1f' }).mqtt.password).toBe('c0ffee-9d8e7f6a5b4c3d2e1f');
  });
});
