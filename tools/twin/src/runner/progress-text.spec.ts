import { virtualProgress } from './progress-text';

describe(virtualProgress.name, () => {
  it('shows the share of virtual time done and both times as h:m:s', () => {
    expect(virtualProgress(26 * 60_000, 70 * 60_000, 10)).toBe('[####......]  37% 00:26:00/01:10:00 virtual');
    expect(virtualProgress(9 * 3_600_000, 8 * 3_600_000, 4)).toBe('[####] 100% 09:00:00/08:00:00 virtual');
  });
});
