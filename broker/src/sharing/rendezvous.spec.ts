import { assignmentKey, rendezvousOwner } from './rendezvous';

const devices = Array.from({ length: 3_000 }, (_, i) => `meter-${i}`);
const ownersOf = (members: string[]) => new Map(devices.map((d) => [d, rendezvousOwner(d, members)!]));

describe(rendezvousOwner.name, () => {
  it('has no owner without members and one owner for one member', () => {
    expect(rendezvousOwner('meter-1', [])).toBeUndefined();
    expect(rendezvousOwner('meter-1', ['ingest-a'])).toBe('ingest-a');
  });

  it('does not depend on the order of the member list', () => {
    const a = ownersOf(['ingest-a', 'ingest-b', 'ingest-c']);
    const b = ownersOf(['ingest-c', 'ingest-a', 'ingest-b']);
    expect([...a].filter(([d, owner]) => b.get(d) !== owner)).toEqual([]);
  });

  it('spreads devices evenly over the members', () => {
    const counts = new Map<string, number>();
    for (const owner of ownersOf(['ingest-a', 'ingest-b', 'ingest-c']).values()) counts.set(owner, (counts.get(owner) ?? 0) + 1);
    for (const n of counts.values()) expect(Math.abs(n - 1_000)).toBeLessThan(120); // within ~4 sigma of 1/3 each
  });

  it('moves only the leaving member’s devices, each to one of the others', () => {
    const before = ownersOf(['ingest-a', 'ingest-b', 'ingest-c']);
    const after = ownersOf(['ingest-a', 'ingest-c']);
    for (const d of devices) {
      if (before.get(d) === 'ingest-b') expect(['ingest-a', 'ingest-c']).toContain(after.get(d));
      else expect(after.get(d)).toBe(before.get(d));
    }
  });

  it('gives a joining member about 1/n of the devices, taken from the others, and moves nothing else', () => {
    const before = ownersOf(['ingest-a', 'ingest-b']);
    const after = ownersOf(['ingest-a', 'ingest-b', 'ingest-c']);
    const moved = devices.filter((d) => after.get(d) !== before.get(d));
    expect(moved.every((d) => after.get(d) === 'ingest-c')).toBe(true);
    expect(Math.abs(moved.length - 1_000)).toBeLessThan(120);
  });
});

describe(assignmentKey.name, () => {
  it('is the device id, the second topic level', () => {
    expect(assignmentKey('energy/kitchen-1/reading')).toBe('kitchen-1');
    expect(assignmentKey('energy/kitchen-1')).toBe('kitchen-1');
    expect(assignmentKey('svc/x/y/z')).toBe('x');
    expect(assignmentKey('lonely')).toBe('lonely');
  });
});
