import { LoginRateLimiter } from './login-rate-limiter';

describe(LoginRateLimiter.name, () => {
  it('blocks the sixth attempt within a minute and frees it when the window slides', () => {
    let now = 0;
    const limiter = new LoginRateLimiter(5, 60_000, () => now);
    for (let i = 0; i < 5; i++) {
      expect(limiter.retryAfterMs('1.2.3.4')).toBe(0);
      limiter.recordFailure('1.2.3.4');
      now += 1_000;
    }
    expect(limiter.retryAfterMs('1.2.3.4')).toBe(55_000);
    expect(limiter.retryAfterMs('5.6.7.8')).toBe(0);
    now = 60_001;
    expect(limiter.retryAfterMs('1.2.3.4')).toBe(0);
  });

  it('counts an attempt when it starts, so parallel attempts cannot all pass the check', () => {
    const limiter = new LoginRateLimiter(5, 60_000, () => 0);
    const started = Array.from({ length: 30 }, () => limiter.startAttempt('1.2.3.4'));
    expect(started.filter((wait) => wait === 0)).toHaveLength(5);
    expect(started.slice(5).every((wait) => wait === 60_000)).toBe(true);
    limiter.recordSuccess('1.2.3.4');
    expect(limiter.startAttempt('1.2.3.4')).toBe(0);
  });

  it('forgets failures after a success', () => {
    const limiter = new LoginRateLimiter(2, 60_000, () => 0);
    limiter.recordFailure('a');
    limiter.recordFailure('a');
    limiter.recordSuccess('a');
    expect(limiter.retryAfterMs('a')).toBe(0);
  });

  it('tracks a bounded number of clients', () => {
    const limiter = new LoginRateLimiter(1, 60_000, () => 0, 3);
    for (const c of ['a', 'b', 'c', 'd']) limiter.recordFailure(c);
    expect(limiter.retryAfterMs('a')).toBe(0);
    expect(limiter.retryAfterMs('d')).toBeGreaterThan(0);
  });
});
