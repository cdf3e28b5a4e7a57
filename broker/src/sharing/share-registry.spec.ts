import { filterOfShareKey, shareKey, ShareRegistry } from './share-registry';

type FakeClient = { name: string };
const conn = (name: string): FakeClient => ({ name });
const KEY = shareKey('ingest', 'energy/+/reading');

describe(ShareRegistry.name, () => {
  it('keys a share by group and filter', () => {
    expect(KEY).toBe('ingest/energy/+/reading');
    expect(filterOfShareKey(KEY)).toBe('energy/+/reading');
    expect(shareKey('ingest', 'energy/#')).not.toBe(KEY);
  });

  it('reports a change only when the member list changes, and keeps it sorted', () => {
    const r = new ShareRegistry<FakeClient>();
    expect(r.join(KEY, { clientId: 'ingest-b', client: conn('b'), qos: 1 })).toBe(true);
    expect(r.join(KEY, { clientId: 'ingest-a', client: conn('a'), qos: 1 })).toBe(true);
    expect(r.join(KEY, { clientId: 'ingest-a', client: conn('a2'), qos: 0 })).toBe(false); // re-subscribe: same members
    expect(r.members(KEY)).toEqual(['ingest-a', 'ingest-b']);
    expect(r.localMember(KEY, 'ingest-a')).toMatchObject({ qos: 0, client: { name: 'a2' } });
  });

  it('ignores a stale connection leaving after a takeover by the same client id', () => {
    const r = new ShareRegistry<FakeClient>();
    const old = conn('old');
    const fresh = conn('fresh');
    r.join(KEY, { clientId: 'ingest-a', client: old, qos: 1 });
    r.join(KEY, { clientId: 'ingest-a', client: fresh, qos: 1 });
    expect(r.leaveAll('ingest-a', old)).toEqual([]);
    expect(r.members(KEY)).toEqual(['ingest-a']);
    expect(r.leaveAll('ingest-a', fresh)).toEqual([KEY]);
    expect(r.members(KEY)).toEqual([]);
    expect(r.localShares()).toEqual([]);
  });

  it('merges members of other nodes into one view that every node computes alike', () => {
    const nodeA = new ShareRegistry<FakeClient>();
    const nodeB = new ShareRegistry<FakeClient>();
    nodeA.join(KEY, { clientId: 'ingest-1', client: conn('1'), qos: 1 });
    nodeB.join(KEY, { clientId: 'ingest-2', client: conn('2'), qos: 1 });
    nodeB.join(KEY, { clientId: 'ingest-3', client: conn('3'), qos: 1 });
    expect(nodeA.setRemote(nodeB.localEntries())).toEqual([KEY]);
    expect(nodeB.setRemote(nodeA.localEntries())).toEqual([KEY]);
    expect(nodeA.members(KEY)).toEqual(['ingest-1', 'ingest-2', 'ingest-3']);
    expect(nodeB.members(KEY)).toEqual(nodeA.members(KEY));
    // Each message has one owner, and exactly one node has it locally.
    for (let i = 0; i < 300; i++) {
      const topic = `energy/meter-${i}/reading`;
      const owner = nodeA.ownerOf(KEY, topic);
      expect(nodeB.ownerOf(KEY, topic)).toBe(owner);
      expect(Number(nodeA.localMember(KEY, owner!) !== undefined) + Number(nodeB.localMember(KEY, owner!) !== undefined)).toBe(1);
    }
    expect(nodeA.setRemote(nodeB.localEntries())).toEqual([]); // the same view again: no change
    expect(nodeA.setRemote([])).toEqual([KEY]); // node B gone
    expect(nodeA.members(KEY)).toEqual(['ingest-1']);
  });

  it('counts a client id on two nodes once (a takeover not yet seen everywhere)', () => {
    const r = new ShareRegistry<FakeClient>();
    r.join(KEY, { clientId: 'ingest-1', client: conn('1'), qos: 1 });
    r.setRemote([[KEY, 'ingest-1'], [KEY, 'ingest-2']]);
    expect(r.members(KEY)).toEqual(['ingest-1', 'ingest-2']);
  });
});
