import { FakeCredentialStore } from '../testing/fake-credential-store';
import { VerificationCache } from './verification-cache';

describe(VerificationCache.name, () => {
  it('verifies a good secret once per TTL and never caches failures', async () => {
    const inner = new FakeCredentialStore({ 'kitchen-1': { password: 's', identity: { kind: 'device', deviceId: 'kitchen-1' } } });
    let now = 0;
    const cache = new VerificationCache(inner, 60_000, 10, () => now);
    for (let i = 0; i < 5; i++) expect((await cache.verify('kitchen-1', Buffer.from('s'))).ok).toBe(true);
    expect(inner.verifyCalls).toBe(1);
    for (let i = 0; i < 3; i++) expect(await cache.verify('kitchen-1', Buffer.from('wrong'))).toEqual({ ok: false, reason: 'wrong-secret' });
    expect(inner.verifyCalls).toBe(4);
    now = 60_001; // a revoke made by the CLI is seen after at most one TTL
    await cache.verify('kitchen-1', Buffer.from('s'));
    expect(inner.verifyCalls).toBe(5);
  });

  it('shares one check between identical verifications under way at once', async () => {
    const inner = new FakeCredentialStore({ 'kitchen-1': { password: 's', identity: { kind: 'device', deviceId: 'kitchen-1' } } });
    const cache = new VerificationCache(inner);
    const results = await Promise.all([...Array(10)].map(() => cache.verify('kitchen-1', Buffer.from('s'))));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(inner.verifyCalls).toBe(1);
    await Promise.all([...Array(5)].map(() => cache.verify('kitchen-1', Buffer.from('wrong'))));
    expect(inner.verifyCalls).toBe(2);
  });
});
