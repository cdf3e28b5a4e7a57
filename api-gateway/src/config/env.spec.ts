import { loadGatewayConfig } from './env';

describe(loadGatewayConfig.name, () => {
  it('refuses the example admin password and session secret, naming the variable (issue 16)', () => {
    expect(() => loadGatewayConfig({ ADMIN_PASSWORD: 'example-admin-password-change-me' })).toThrow(/ADMIN_PASSWORD: is an example value/);
    expect(() => loadGatewayConfig({ SESSION_SECRET: 'example-session-secret-change-me-0000000000000000' })).toThrow(/SESSION_SECRET: is an example value/);
    expect(() => loadGatewayConfig({ ADMIN_PASSWORD: 'eleven-char' })).toThrow('ADMIN_PASSWORD: must be at least 12 characters');
    expect(() => loadGatewayConfig({ SESSION_SECRET: '0'.repeat(48) })).toThrow(/SESSION_SECRET: has too few different characters/);
  });

  it('accepts generated secrets, and example ones only in a demo that says so', () => {
    expect(loadGatewayConfig({ ADMIN_PASSWORD: 'correct horse battery staple' }).auth.adminPassword).toBe('correct horse battery staple');
    expect(loadGatewayConfig({ ADMIN_PASSWORD: 'example-admin-password-change-me', ALLOW_EXAMPLE_SECRETS: 'true' }).auth.adminPassword).toBe('example-admin-password-change-me');
    expect(loadGatewayConfig({}).auth).toMatchObject({ adminPassword: undefined, sessionSecret: undefined });
  });
});
