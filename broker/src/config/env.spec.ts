import { ConfigError } from '@energy/service-kit';
import { loadBrokerConfig } from './env';

describe(loadBrokerConfig.name, () => {
  it('has production defaults and no TLS without files', () => {
    const config = loadBrokerConfig({});
    expect(config).toMatchObject({ mqttPort: 1883, wsPort: 8083, httpPort: 9101, tls: null, allowAnonymous: false, database: { sqlitePath: '.data/energy.sqlite' } });
    expect(config.limits.maxPayloadBytes).toBe(16_384);
    expect(config.servicePasswords).toEqual({ ingest: undefined, alert: undefined, gateway: undefined });
  });

  it('accepts port 0 and reads every setting', () => {
    const config = loadBrokerConfig({ MQTT_PORT: '0', MQTT_WS_PORT: '0', HTTP_PORT: '0', MQTT_TLS_CERT_FILE: 'c.pem', MQTT_TLS_KEY_FILE: 'k.pem', MQTT_SERVICE_PASSWORD_INGEST: 'a-long-password-16', ALLOW_ANONYMOUS: 'true', MAX_PAYLOAD_BYTES: '1024' });
    expect(config).toMatchObject({ mqttPort: 0, wsPort: 0, httpPort: 0, tls: { port: 8883, certFile: 'c.pem', keyFile: 'k.pem' }, allowAnonymous: true });
    expect(config.servicePasswords.ingest).toBe('a-long-password-16');
    expect(config.limits.maxPayloadBytes).toBe(1024);
  });

  it('names the wrong variables', () => {
    expect(() => loadBrokerConfig({ MQTT_PORT: 'x', DATABASE_URL: 'postgres://db' })).toThrow(ConfigError);
    expect(() => loadBrokerConfig({ MQTT_SERVICE_PASSWORD_ALERT: 'fifteen-chars-x' })).toThrow('MQTT_SERVICE_PASSWORD_ALERT: must be at least 16 characters');
    expect(() => loadBrokerConfig({ MQTT_TLS_CERT_FILE: 'c.pem' })).toThrow('MQTT_TLS_KEY_FILE');
  });

  it('refuses the example service passwords unless a demo opts in (issue 16)', () => {
    expect(() => loadBrokerConfig({ MQTT_SERVICE_PASSWORD_GATEWAY: 'example-gateway-password-change-me' })).toThrow(/MQTT_SERVICE_PASSWORD_GATEWAY: is an example value/);
    expect(() => loadBrokerConfig({ REDIS_URL: 'redis://:example-redis-password-change-me@redis:6379' })).toThrow(/REDIS_URL: the password inside the URL is an example value/);
    expect(loadBrokerConfig({ MQTT_SERVICE_PASSWORD_GATEWAY: 'example-gateway-password-change-me', ALLOW_EXAMPLE_SECRETS: 'true' }).servicePasswords.gateway).toBe('example-gateway-password-change-me');
  });

  it('clusters over Redis only when REDIS_URL is set', () => {
    expect(loadBrokerConfig({}).cluster).toBeNull();
    expect(loadBrokerConfig({ REDIS_URL: 'redis://redis:6379', REDIS_KEY_PREFIX: 'site-a:' }).cluster).toEqual({
      redisUrl: 'redis://redis:6379',
      keyPrefix: 'site-a:',
      nodeTtlMs: 5_000,
      connectTimeoutMs: 10_000,
    });
    expect(() => loadBrokerConfig({ REDIS_URL: 'http://redis' })).toThrow('REDIS_URL');
    expect(() => loadBrokerConfig({ REDIS_URL: 'redis://redis', CLUSTER_NODE_TTL_MS: '200' })).toThrow('CLUSTER_NODE_TTL_MS');
  });
});
