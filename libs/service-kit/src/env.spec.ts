import { ConfigError, envField, parseEnv } from './env';

describe(parseEnv.name, () => {
  const shape = { HTTP_PORT: envField.port(8080), DEMO: envField.boolean(false), SITE_TIMEZONE: envField.timeZone('UTC') };

  it('applies defaults and coerces types', () => {
    expect(parseEnv(shape, {})).toEqual({ HTTP_PORT: 8080, DEMO: false, SITE_TIMEZONE: 'UTC' });
    expect(parseEnv(shape, { HTTP_PORT: '9000', DEMO: 'true', SITE_TIMEZONE: 'Europe/Berlin' })).toEqual({ HTTP_PORT: 9000, DEMO: true, SITE_TIMEZONE: 'Europe/Berlin' });
  });

  it('names every wrong variable in one error', () => {
    expect(() => parseEnv(shape, { HTTP_PORT: 'eighty', DEMO: 'maybe', SITE_TIMEZONE: 'Mars/Olympus' })).toThrow(ConfigError);
    try {
      parseEnv(shape, { HTTP_PORT: 'eighty', DEMO: 'maybe', SITE_TIMEZONE: 'Mars/Olympus' });
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toContain('HTTP_PORT:');
      expect(problems).toContain('DEMO: must be true or false');
      expect(problems).toContain('SITE_TIMEZONE: must be an IANA time zone');
    }
  });

  it('checks URL schemes', () => {
    const urlShape = { DATABASE_URL: envField.url(['mysql']).optional() };
    expect(() => parseEnv(urlShape, { DATABASE_URL: 'postgres://x' })).toThrow('DATABASE_URL: must be a URL starting with mysql://');
  });
});
