import { DeviceHandover } from './device-handover';

describe(DeviceHandover.name, () => {
  it('reports a device seen for the first time, and nothing while its seqs follow on', () => {
    const h = new DeviceHandover();
    expect(h.observe('meter-1', 100)).toBe('new');
    expect(h.observe('meter-1', 101)).toBeNull();
    expect(h.observe('meter-1', 101)).toBeNull(); // a redelivery
    expect(h.observe('meter-1', 99)).toBeNull(); // a late re-send
    expect(h.staleIn([{ deviceId: 'meter-1' }])).toEqual([]);
  });

  it('marks a device whose seq jumps (another replica stored the ones between) as stale, once, for its next batch', () => {
    const h = new DeviceHandover();
    h.observe('meter-1', 100);
    h.observe('meter-2', 500);
    expect(h.observe('meter-1', 140)).toBe('jump');
    expect(h.staleIn([{ deviceId: 'meter-2' }])).toEqual([]);
    expect(h.staleIn([{ deviceId: 'meter-1' }, { deviceId: 'meter-1' }])).toEqual(['meter-1']);
    expect(h.staleIn([{ deviceId: 'meter-1' }])).toEqual([]);
    expect(h.observe('meter-1', 141)).toBeNull();
  });

  it('ignores readings without a seq', () => {
    expect(new DeviceHandover().observe('legacy-1', null)).toBeNull();
  });
});
