import { ManualClock } from '@energy/service-kit';
import { RecipientRateLimiter } from './recipient-rate-limiter';

describe(RecipientRateLimiter.name, () => {
  it('spaces messages to one recipient and caps them per hour, per recipient', () => {
    const clock = new ManualClock();
    const limiter = new RecipientRateLimiter(3, 5_000);
    expect(limiter.delayFor('+491', clock.now())).toBe(0);
    limiter.record('+491', clock.now());
    expect(limiter.delayFor('+491', clock.advance(1_000))).toBe(4_000);
    expect(limiter.delayFor('+492', clock.now())).toBe(0);
    limiter.record('+491', clock.advance(4_000));
    limiter.record('+491', clock.advance(5_000));
    expect(limiter.delayFor('+491', clock.advance(5_000))).toBeNull();
    expect(limiter.delayFor('+491', clock.advance(3_600_000))).toBe(0);
  });
});
