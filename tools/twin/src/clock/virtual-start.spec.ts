import { startOfLocalDayMs, toLocalTime } from '@energy/db';
import { chooseVirtualStart } from './virtual-start';

describe(chooseVirtualStart.name, () => {
  const realNowMs = Date.parse('2025-06-10T09:30:00Z');
  const zone = 'Europe/Berlin';

  it('puts a site-local midnight where the run asks for it, in the recent past', () => {
    const start = chooseVirtualStart({ realNowMs, durationMs: 600_000, midnightAtMs: 300_000, timeZone: zone });
    const midnight = start + 300_000;
    expect(toLocalTime(midnight, zone).time).toBe('00:00:00');
    expect(midnight).toBe(startOfLocalDayMs('2025-06-10', zone));
    expect(start + 600_000).toBeLessThan(realNowMs);
  });

  it('goes back a day when the run would not end before the real clock', () => {
    const start = chooseVirtualStart({ realNowMs, durationMs: 12 * 3_600_000, midnightAtMs: 3_600_000, timeZone: zone });
    expect(start + 3_600_000).toBe(startOfLocalDayMs('2025-06-09', zone));
  });

  it('refuses a run that cannot fit inside the accepted reading age', () => {
    expect(() => chooseVirtualStart({ realNowMs, durationMs: 8 * 86_400_000, midnightAtMs: 0, timeZone: zone })).toThrow(/accepted reading age/);
    expect(() => chooseVirtualStart({ realNowMs, durationMs: 1_000, midnightAtMs: 2_000, timeZone: zone })).toThrow(/within the run/);
  });
});
