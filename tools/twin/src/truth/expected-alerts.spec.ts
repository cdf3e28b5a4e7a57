import { expectedPowerAlerts } from './expected-alerts';

describe(expectedPowerAlerts.name, () => {
  const rule = { name: 'r', kind: 'power_above' as const, threshold: 1500, clearThreshold: 1350, holdSeconds: 30 };
  const series = (from: number, count: number, powerW: number) => Array.from({ length: count }, (_, i) => ({ atMs: (from + i) * 1000, powerW }));

  it('fires once for a breach held long enough, and not for a shorter one', () => {
    expect(expectedPowerAlerts([...series(0, 10, 500), ...series(10, 120, 1800), ...series(130, 10, 500)], rule)).toBe(1);
    expect(expectedPowerAlerts([...series(0, 10, 500), ...series(10, 25, 1800), ...series(35, 10, 500)], rule)).toBe(0);
  });

  it('does not fire again before a clear, even across a gap without readings', () => {
    expect(expectedPowerAlerts([...series(0, 60, 1800), ...series(3_600, 60, 1800)], rule)).toBe(1);
    expect(expectedPowerAlerts([...series(0, 60, 1800), ...series(60, 5, 1400), ...series(65, 60, 1800)], rule)).toBe(1);
    expect(expectedPowerAlerts([...series(0, 60, 1800), ...series(60, 5, 1000), ...series(65, 60, 1800)], rule)).toBe(2);
  });

  it('models power_above only', () => {
    expect(() => expectedPowerAlerts([], { ...rule, kind: 'offline' })).toThrow(/power_above/);
  });
});
