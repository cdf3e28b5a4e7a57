import { ConfigError, envField, parseEnv } from './env';
import { EXAMPLE_SECRETS_FLAG, exampleSecretProblem, looksLikeExampleValue } from './secret-strength';

describe(looksLikeExampleValue.name, () => {
  it('recognises the placeholders this repository ships', () => {
    for (const value of ['example-gateway-password-change-me', 'example-session-secret-change-me-0000000000000000', 'changeme-please', 'PLACEHOLDER']) expect(looksLikeExampleValue(value)).toBe(true);
  });
  it('passes generated secrets', () => {
    for (const value of ['3f9a1c0de2b7465a8c1d0e9f7b6a5c4d', 'kZ3_x9QeR2LmVt8wYb1NcJ0f']) expect(looksLikeExampleValue(value)).toBe(false);
  });
});

describe(exampleSecretProblem.name, () => {
  it('looks at variables that hold secrets, and at the password inside a URL', () => {
    expect(exampleSecretProblem('MQTT_PASSWORD', 'example-ingest-password-change-me')).toMatch(/example value/);
    expect(exampleSecretProblem('CALLMEBOT_API_KEY', 'example-callmebot-key')).toMatch(/example value/);
    expect(exampleSecretProblem('DATABASE_URL', 'mysql://energy:example-db-password-change-me@mariadb:3306/energy')).toMatch(/password inside the URL/);
    expect(exampleSecretProblem('DATABASE_URL', 'mysql://root@db.example.com:3306/energy')).toBeNull();
    expect(exampleSecretProblem('MQTT_PUBLIC_HOST', 'mqtt.example.com')).toBeNull();
  });
});

describe('parseEnv and secrets', () => {
  const shape = { MQTT_PASSWORD: envField.secret(16), DATABASE_URL: envField.url(['mysql']).optional(), LOG_LEVEL: envField.logLevel() };

  it('refuses an example value, naming the variable', () => {
    expect(() => parseEnv(shape, { MQTT_PASSWORD: 'example-ingest-password-change-me' })).toThrow(ConfigError);
    expect(() => parseEnv(shape, { MQTT_PASSWORD: 'example-ingest-password-change-me' })).toThrow(/MQTT_PASSWORD: is an example value/);
    expect(() => parseEnv(shape, { DATABASE_URL: 'mysql://energy:example-db-password-change-me@mariadb:3306/energy' })).toThrow(/DATABASE_URL: the password inside the URL is an example value/);
  });

  it('refuses a short or predictable secret, even in a demo', () => {
    expect(() => parseEnv(shape, { MQTT_PASSWORD: 'hunter2hunter2' })).toThrow('MQTT_PASSWORD: must be at least 16 characters');
    expect(() => parseEnv(shape, { MQTT_PASSWORD: 'aaaaaaaaaaaaaaaaaaaaaaaa', [EXAMPLE_SECRETS_FLAG]: 'true' })).toThrow(/MQTT_PASSWORD: .*too few different characters/);
  });

  it('lets a demo opt in to the example values, and accepts generated ones', () => {
    expect(parseEnv(shape, { MQTT_PASSWORD: 'example-ingest-password-change-me', [EXAMPLE_SECRETS_FLAG]: 'true' }).MQTT_PASSWORD).toBe('example-ingest-password-change-me');
    expect(parseEnv(shape, { MQTT_PASSWORD: 'kZ3_x9QeR2LmVt8wYb1NcJ0f' }).MQTT_PASSWORD).toBe('kZ3_x9QeR2LmVt8wYb1NcJ0f');
    expect(parseEnv(shape, {}).MQTT_PASSWORD).toBeUndefined();
  });
});
