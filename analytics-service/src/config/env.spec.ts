import { ConfigError } from '@energy/service-kit';
import { loadAnalyticsConfig } from './env';

describe(loadAnalyticsConfig.name, () => {
  it('needs only the broker URL and defaults the rest', () => {
    const config = loadAnalyticsConfig({ MQTT_URL: 'mqtt://127.0.0.1:1883' });
    expect(config.http.port).toBe(9105);
    expect(config.mqtt.username).toBe('analytics');
    expect(config.recomputeEveryMs).toBe(3_600_000);
    expect(config.siteTimeZone).toBe('UTC');
  });

  it('names every wrong variable', () => {
    try {
      loadAnalyticsConfig({ MQTT_URL: 'http://x', SITE_TIMEZONE: 'Mars/Olympus', HISTORY_WEEKS: '0' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.join('\n')).toMatch(/MQTT_URL[\s\S]*SITE_TIMEZONE[\s\S]*HISTORY_WEEKS|MQTT_URL/);
      expect((err as ConfigError).problems.some((p) => p.startsWith('SITE_TIMEZONE'))).toBe(true);
      expect((err as ConfigError).problems.some((p) => p.startsWith('HISTORY_WEEKS'))).toBe(true);
    }
  });
});
