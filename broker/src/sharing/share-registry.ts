import { assignmentKey, rendezvousOwner } from './rendezvous';

/**
 * One shared subscription is a ShareName plus a filter (MQTT 5 section 4.8.2): `$share/ingest/energy/+/reading`
 * and `$share/ingest/energy/#` are two different shared subscriptions. The key is `{group}/{filter}`,
 * unambiguous because a ShareName has no `/`.
 */
export const shareKey = (group: string, filter: string): string => `${group}/${filter}`;
export const filterOfShareKey = (key: string): string => key.slice(key.indexOf('/') + 1);

export interface LocalMember<C> {
  clientId: string;
  /** The connection on this node; compared by identity, since a takeover brings a new one with the same id. */
  client: C;
  /** QoS granted on the shared subscription. */
  qos: 0 | 1 | 2;
}

/**
 * Who is in which shared subscription: members connected to this node, and (in a cluster) members on
 * other nodes as last read from Redis. Pure state, no I/O: the cluster directory feeds it, the aedes
 * glue asks it who owns a message. Every node with the same view picks the same owner.
 */
export class ShareRegistry<C> {
  private readonly local = new Map<string, Map<string, LocalMember<C>>>();
  private remote = new Map<string, Set<string>>();
  /** Sorted union of local and remote members per share, rebuilt only when one of them changes. */
  private readonly views = new Map<string, string[]>();

  /** Returns true when the share's member list changed. */
  join(key: string, member: LocalMember<C>): boolean {
    let members = this.local.get(key);
    if (!members) this.local.set(key, (members = new Map()));
    const existed = members.has(member.clientId);
    members.set(member.clientId, member);
    return existed ? false : this.rebuild(key);
  }

  /** Removes the member only if `client` is still the one registered (an old connection closing after a takeover must not remove the new one). */
  leave(key: string, clientId: string, client?: C): boolean {
    const members = this.local.get(key);
    const member = members?.get(clientId);
    if (!members || !member || (client !== undefined && member.client !== client)) return false;
    members.delete(clientId);
    if (members.size === 0) this.local.delete(key);
    return this.rebuild(key);
  }

  /** Removes a closed connection from every share; returns the shares whose member list changed. */
  leaveAll(clientId: string, client: C): string[] {
    return [...this.local.keys()].filter((key) => this.leave(key, clientId, client));
  }

  /** Replaces what other nodes hold; returns the shares whose member list changed. */
  setRemote(entries: Iterable<readonly [key: string, clientId: string]>): string[] {
    const next = new Map<string, Set<string>>();
    for (const [key, clientId] of entries) {
      let set = next.get(key);
      if (!set) next.set(key, (set = new Set()));
      set.add(clientId);
    }
    const touched = new Set([...this.remote.keys(), ...next.keys()]);
    this.remote = next;
    return [...touched].filter((key) => this.rebuild(key));
  }

  /** Every member of a share across the cluster, sorted. */
  members(key: string): readonly string[] {
    return this.views.get(key) ?? [];
  }

  /** The member that gets a message on `topic`: rendezvous hashing of its device id over the members. */
  ownerOf(key: string, topic: string): string | undefined {
    return rendezvousOwner(assignmentKey(topic), this.members(key));
  }

  localMember(key: string, clientId: string): LocalMember<C> | undefined {
    return this.local.get(key)?.get(clientId);
  }

  /** Shares with at least one member on this node. */
  localShares(): string[] {
    return [...this.local.keys()];
  }

  /** `[share, clientId]` for every member on this node (what this node announces to the others). */
  localEntries(): Array<[key: string, clientId: string]> {
    return [...this.local].flatMap(([key, members]) => [...members.keys()].map((clientId): [string, string] => [key, clientId]));
  }

  /** Every share known anywhere in the cluster. */
  shares(): string[] {
    return [...this.views.keys()];
  }

  private rebuild(key: string): boolean {
    const union = new Set([...(this.local.get(key)?.keys() ?? []), ...(this.remote.get(key) ?? [])]);
    const next = [...union].sort();
    const before = this.views.get(key) ?? [];
    if (next.length === 0) this.views.delete(key);
    else this.views.set(key, next);
    return next.length !== before.length || next.some((id, i) => id !== before[i]);
  }
}
