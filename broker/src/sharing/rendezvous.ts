/**
 * Rendezvous (highest random weight) hashing: every node that knows the same member list picks the
 * same owner for a key without talking to the others, and when a member leaves only the keys it owned
 * move (each to the member that scored second for it); when one joins, it takes about 1/n of the keys
 * and nothing else moves. That is what keeps a device on one ingest replica while membership is stable.
 */
export function rendezvousOwner(key: string, members: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  const keyHash = fnv1a(key, FNV_OFFSET);
  for (const member of members) {
    const score = fmix32(fnv1a(member, keyHash));
    // Ties (1 in 2^32) go to the smaller id, so the answer never depends on list order.
    if (score > bestScore || (score === bestScore && best !== undefined && member < best)) {
      best = member;
      bestScore = score;
    }
  }
  return best;
}

/**
 * What a message is assigned by: the device id, the second topic level (`energy/{id}/reading`), so all
 * of one device's messages go to one member. A topic with one level is its own key.
 */
export function assignmentKey(topic: string): string {
  const first = topic.indexOf('/');
  if (first < 0) return topic;
  const second = topic.indexOf('/', first + 1);
  return second < 0 ? topic.slice(first + 1) : topic.slice(first + 1, second);
}

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a over UTF-16 code units, continuing from `seed`. */
function fnv1a(text: string, seed: number): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // A separator, so ("ab", "c") and ("a", "bc") hash differently.
  return Math.imul(hash ^ 0xff, 0x01000193);
}

/** MurmurHash3's finaliser: FNV alone is weak in its low bits, and scores are compared as whole numbers. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
