import { authenticate, type AuthenticateOptions, type ConnectRequest } from './authenticate';
import { FakeCredentialStore } from '../testing/fake-credential-store';
import type { Refusal } from '../shared/refusal';

describe(authenticate.name, () => {
  const store = new FakeCredentialStore(
    {
      'kitchen-1': { password: 'k-secret', identity: { kind: 'device', deviceId: 'kitchen-1' } },
      kitchen: { password: 'short-secret', identity: { kind: 'device', deviceId: 'kitchen' } },
      'old-1': { password: 'o-secret', identity: { kind: 'device', deviceId: 'old-1' }, revoked: true },
      grafana: { password: 'g-secret', identity: { kind: 'observer', username: 'grafana' } },
      ingest: { password: 'i-secret', identity: { kind: 'service', service: 'ingest' } },
    },
    ['kitchen-1', 'kitchen', 'old-1', 'ingest-compose'],
  );
  const options: AuthenticateOptions = { store, allowAnonymous: false, maxClientIdLength: 40, keepaliveLimitS: 600, maxPayloadBytes: 1024 };
  const connect = (overrides: Partial<ConnectRequest>, opts: Partial<AuthenticateOptions> = {}) =>
    authenticate({ clientId: 'kitchen-1', clean: true, keepaliveS: 60, username: 'kitchen-1', password: Buffer.from('k-secret'), ...overrides }, { ...options, ...opts });
  const refusalOf = async (promise: Promise<unknown>): Promise<Refusal> => {
    try {
      await promise;
    } catch (err) {
      return err as Refusal;
    }
    throw new Error('expected a refusal');
  };

  it('identifies a device by its secret', async () => {
    await expect(connect({})).resolves.toEqual({ kind: 'device', deviceId: 'kitchen-1' });
    await expect(connect({ clientId: 'kitchen-1:sensor' })).resolves.toEqual({ kind: 'device', deviceId: 'kitchen-1' });
  });

  it('answers every credential failure with return code 4 but keeps the real reason', async () => {
    expect(await refusalOf(connect({ password: Buffer.from('nope') }))).toMatchObject({ reason: 'wrong-secret', returnCode: 4 });
    expect(await refusalOf(connect({ username: 'old-1', clientId: 'old-1', password: Buffer.from('o-secret') }))).toMatchObject({ reason: 'revoked', returnCode: 4 });
    expect(await refusalOf(connect({ username: 'ghost', clientId: 'ghost' }))).toMatchObject({ reason: 'unknown-account', returnCode: 4 });
  });

  it('binds the client id to the identity, so no one takes over a device session', async () => {
    const takeover = await refusalOf(connect({ clientId: 'garage-2' }));
    expect(takeover).toMatchObject({ reason: 'client-id-not-owned', returnCode: 2 });
    expect(takeover.message).toBe('device kitchen-1 may not connect as garage-2: client id must be kitchen-1, kitchen-1:… or kitchen-1-…');
    // `kitchen-1` starts with `kitchen-` but belongs to the longer registered device id.
    const prefixTakeover = await refusalOf(connect({ username: 'kitchen', password: Buffer.from('short-secret'), clientId: 'kitchen-1' }));
    expect(prefixTakeover.message).toBe('device kitchen may not connect as kitchen-1: client id kitchen-1 belongs to device kitchen-1');
    await expect(connect({ username: 'kitchen', password: Buffer.from('short-secret'), clientId: 'kitchen-2' })).resolves.toEqual({ kind: 'device', deviceId: 'kitchen' });
    expect((await refusalOf(connect({ username: 'grafana', password: Buffer.from('g-secret'), clientId: 'kitchen-1' }))).reason).toBe('client-id-not-owned');
    expect((await refusalOf(connect({ username: 'grafana', password: Buffer.from('g-secret'), clientId: 'ingest-7' }))).reason).toBe('client-id-not-owned');
    await expect(connect({ username: 'grafana', password: Buffer.from('g-secret'), clientId: 'grafana-dash' })).resolves.toEqual({ kind: 'observer', username: 'grafana' });
    await expect(connect({ username: 'ingest', password: Buffer.from('i-secret'), clientId: 'ingest-2' })).resolves.toEqual({ kind: 'service', service: 'ingest' });
  });

  it("lets a service have its own prefix even where a device registered before the names were reserved holds it (issue 16)", async () => {
    await expect(connect({ username: 'ingest', password: Buffer.from('i-secret'), clientId: 'ingest-compose' })).resolves.toEqual({ kind: 'service', service: 'ingest' });
    await expect(connect({ username: 'ingest', password: Buffer.from('i-secret'), clientId: 'ingest-compose:2' })).resolves.toEqual({ kind: 'service', service: 'ingest' });
  });

  it('refuses a zero-length client id with a persistent session [MQTT-3.1.3-8]', async () => {
    expect(await refusalOf(connect({ clientId: '', clean: false }))).toMatchObject({ reason: 'client-id-empty-persistent', returnCode: 2 });
    await expect(connect({ clientId: '', clean: true })).resolves.toEqual({ kind: 'device', deviceId: 'kitchen-1' });
  });

  it('refuses control characters in client ids and usernames before any scrypt [MQTT-1.5.3]', async () => {
    store.verifyCalls = 0;
    expect(await refusalOf(connect({ clientId: 'kitchen-1\u0000' }))).toMatchObject({ reason: 'client-id-invalid', returnCode: 2 });
    expect(await refusalOf(connect({ username: 'kitchen-1\u001b' }))).toMatchObject({ reason: 'username-invalid', returnCode: 4 });
    expect(await refusalOf(connect({ clientId: 'k'.repeat(41) }))).toMatchObject({ reason: 'client-id-too-long' });
    expect(store.verifyCalls).toBe(0);
  });

  it('enforces the keep-alive limit', async () => {
    expect(await refusalOf(connect({ keepaliveS: 0 }))).toMatchObject({ reason: 'keepalive-out-of-range', returnCode: 2 });
    expect(await refusalOf(connect({ keepaliveS: 601 }))).toMatchObject({ reason: 'keepalive-out-of-range' });
  });

  it('holds the will message to the publish ACL', async () => {
    await expect(connect({ will: { topic: 'energy/kitchen-1/status', payload: 'offline' } })).resolves.toBeDefined();
    const refusal = await refusalOf(connect({ will: { topic: 'energy/garage-2/status', payload: 'offline' } }));
    expect(refusal).toMatchObject({ reason: 'will-not-allowed', returnCode: 5 });
    expect(refusal.message).toBe('will message refused: device kitchen-1 may not publish to energy/garage-2/status');
  });

  it('lets anonymous clients in as observers only when allowed', async () => {
    expect(await refusalOf(connect({ username: undefined, password: undefined, clientId: 'dash' }))).toMatchObject({ reason: 'anonymous-not-allowed', returnCode: 5 });
    await expect(connect({ username: undefined, password: undefined, clientId: 'dash' }, { allowAnonymous: true })).resolves.toEqual({ kind: 'anonymous' });
  });
});
