import { randomBytes } from 'node:crypto';
import type { IConnackPacket } from 'mqtt-packet';
import { createFixture, settle, waitFor, type Fixture } from './support/fixture';
import { RawMqtt } from './support/raw-mqtt';

/**
 * Issue 16, item 4: every wrong credential costs a scrypt, by design, and failures are not cached.
 * A client spraying random usernames must not fill the thread pool so that real devices wait
 * behind its checks. The sprayer and the broker share this process, so wall-clock times here say
 * little; what the tests count is how many of the sprayer's secrets the broker checked (each one a
 * scrypt, `unknown-account`) while a real device waited for its answer.
 */

/** `concurrency` loops, each connecting from `localAddress` with a random username and secret until stopped. */
function sprayRandomCredentials(port: number, localAddress: string, concurrency: number): { stop: () => Promise<void> } {
  let running = true;
  const loop = async () => {
    while (running) {
      const raw = await RawMqtt.open(port, localAddress).catch(() => null);
      if (!raw) continue;
      raw.sendConnect({ clientId: '', clean: true, username: `ghost-${randomBytes(4).toString('hex')}`, password: randomBytes(16) });
      await raw.next('connack', 30_000);
      raw.destroy();
      // A network round trip and a retry delay: the sprayer is remote, and spinning here would only load this process.
      await settle(1_000);
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return { stop: async () => void ((running = false), await Promise.all(loops)) };
}

describe('unauthenticated scrypt load (issue 16)', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  /** A real device's CONNECT from its own address: its CONNACK code, and how many sprayer secrets were checked meanwhile. */
  const connectDuring = async (fixture: Fixture, localAddress: string) => {
    const checkedBefore = await fixture.refusals('unknown-account');
    const raw = await RawMqtt.open(fixture.broker.mqttPort, localAddress);
    raw.sendConnect({ clientId: 'garage-2', username: 'garage-2', password: Buffer.from(fixture.secrets.garage) });
    const connack = (await raw.next('connack', 30_000)) as IConnackPacket | null;
    raw.destroy();
    return { returnCode: connack?.returnCode, sprayerChecksMeanwhile: (await fixture.refusals('unknown-account')) - checkedBefore };
  };

  it('throttles an address that sprays random credentials; real devices from other addresses connect at once', async () => {
    f = await createFixture();
    const spray = sprayRandomCredentials(f.broker.mqttPort, '127.0.0.3', 200);
    try {
      // Before: the sprayer's checks only queue up, and a real device waits behind all of them.
      await waitFor(async () => (await f!.refusals('auth-throttled')) > 0, 'the sprayer to be throttled', 10_000).catch(() => undefined);
      // The checks it started before the throttle may still hold the scrypt slots on a busy machine:
      // the claim is about the time after them, so wait until its count stops growing.
      for (let checked = -1, until = Date.now() + 10_000; Date.now() < until; await settle(500)) {
        const now = await f.refusals('unknown-account');
        if (now === checked) break;
        checked = now;
      }
      const garage = await connectDuring(f, '127.0.0.2');
      expect(garage.returnCode).toBe(0);
      expect(garage.sprayerChecksMeanwhile).toBeLessThanOrEqual(50);
      await f.assertStillServing();
      // Only the first AUTH_FAILURES_PER_IP_PER_MINUTE (30) of the sprayer's attempts cost a scrypt.
      await settle(2_000);
      expect(await f.refusals('unknown-account')).toBeLessThanOrEqual(30);
      expect(await f.refusals('auth-throttled')).toBeGreaterThan(0);
    } finally {
      await spray.stop();
    }
  }, 90_000);

  it('answers "server unavailable" at once when too many secrets are being checked, instead of queueing', async () => {
    // A per-address limit too high to matter (many addresses): only the global cap protects the broker.
    f = await createFixture({ limits: { authFailuresPerIpPerMinute: 1_000_000, maxConcurrentAuth: 4 } });
    const spray = sprayRandomCredentials(f.broker.mqttPort, '127.0.0.3', 200);
    try {
      await settle(2_000);
      for (let i = 0; i < 5; i++) {
        const garage = await connectDuring(f, '127.0.0.2');
        // In at once (a free slot) or "server unavailable" (3: the device retries later), never behind the queue.
        expect([0, 3]).toContain(garage.returnCode);
        expect(garage.sprayerChecksMeanwhile).toBeLessThanOrEqual(50);
      }
      expect(await f.refusals('auth-busy')).toBeGreaterThan(0);
      await f.assertStillServing();
    } finally {
      await spray.stop();
    }
  }, 90_000);
});
