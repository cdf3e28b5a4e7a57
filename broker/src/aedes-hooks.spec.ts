import type { Client, PublishPacket } from 'aedes';
import { Registry } from 'prom-client';
import { createLogger } from '@energy/service-kit';
import { createAedesHooks, MAX_REMEMBERED_TOPICS } from './aedes-hooks';
import { createBrokerMetrics } from './observability/broker-metrics';
import { RefusalRecorder } from './observability/refusals';
import { FakeCredentialStore } from './testing/fake-credential-store';

const MAX_PAYLOAD = 64;

function setup(account: 'dev' | 'svc' = 'dev') {
  const logger = createLogger('aedes-hooks-spec', 'silent');
  const metrics = createBrokerMetrics(new Registry());
  const store = new FakeCredentialStore({
    dev: { password: 'secret', identity: { kind: 'device', deviceId: 'dev-1' } },
    svc: { password: 'secret', identity: { kind: 'service', service: 'ingest' } },
  });
  const hooks = createAedesHooks({
    auth: { store, allowAnonymous: false, maxClientIdLength: 64, keepaliveLimitS: 600, maxPayloadBytes: MAX_PAYLOAD },
    maxSubscriptionsPerClient: 10,
    refusals: new RefusalRecorder(logger, metrics),
    metrics,
    logger,
  });
  const clientId = account === 'dev' ? 'dev-1' : 'ingest-1';
  const client = { id: clientId } as Client;
  const connect = async () => {
    hooks.preConnect(client, { cmd: 'connect', clientId, clean: true, keepalive: 60, username: account, password: Buffer.from('secret') } as never, () => undefined);
    await new Promise<void>((resolve, reject) => hooks.authenticate(client, account, Buffer.from('secret'), (err, ok) => (err || !ok ? reject(err ?? new Error('refused')) : resolve())));
  };
  const publish = (topic: string, payload: string) =>
    new Promise<Error | null>((resolve) => hooks.authorizePublish(client, { cmd: 'publish', topic, payload: Buffer.from(payload), qos: 0, retain: false, dup: false } as PublishPacket, (err) => resolve(err ?? null)));
  return { connect, publish };
}

describe('createAedesHooks authorizePublish', () => {
  it('remembers an allowed topic but still checks the payload size of every PUBLISH to it', async () => {
    const { connect, publish } = setup();
    await connect();
    expect(await publish('energy/dev-1/reading', '{}')).toBeNull();
    expect(await publish('energy/dev-1/reading', '{}')).toBeNull();
    const oversize = await publish('energy/dev-1/reading', 'x'.repeat(MAX_PAYLOAD + 1));
    expect(oversize?.message).toMatch(/may not publish 65 bytes to energy\/dev-1\/reading: the limit is 64 bytes/);
  });

  it('refuses a topic outside the ACL every time, also after allowed ones were remembered', async () => {
    const { connect, publish } = setup();
    await connect();
    expect(await publish('energy/dev-1/reading', '{}')).toBeNull();
    for (let i = 0; i < 2; i++) expect((await publish('energy/dev-2/reading', '{}'))?.message).toMatch(/device dev-1 may not publish to energy\/dev-2\/reading/);
  });

  it('keeps deciding right once the remembered topics of a connection overflow', async () => {
    const { connect, publish } = setup('svc');
    await connect();
    for (let i = 0; i < MAX_REMEMBERED_TOPICS + 5; i++) expect(await publish(`energy/d${i}/ack`, '{}')).toBeNull();
    expect(await publish('energy/d0/ack', '{}')).toBeNull();
    expect(await publish(`energy/d${MAX_REMEMBERED_TOPICS + 4}/ack`, 'x'.repeat(MAX_PAYLOAD + 1))).not.toBeNull();
    expect(await publish('energy/d0/reading', '{}')).not.toBeNull();
  });
});
