/**
 * `$share/{group}/{filter}` (MQTT 5 section 4.8.2). The ACL lets services subscribe that way, and
 * `sharing/shared-subscriptions.ts` delivers each message to one group member (aedes has no shared
 * subscriptions, moscajs/aedes#228).
 */
export const SHARED_PREFIX = '$share/';

export interface SharedFilter {
  group: string;
  filter: string;
}

/** Returns the group and inner filter, null for an ordinary filter, or throws on a malformed one. */
export function parseSharedFilter(topicFilter: string): SharedFilter | null {
  if (!topicFilter.startsWith(SHARED_PREFIX)) return null;
  const rest = topicFilter.slice(SHARED_PREFIX.length);
  const slash = rest.indexOf('/');
  const group = slash < 0 ? rest : rest.slice(0, slash);
  const filter = slash < 0 ? '' : rest.slice(slash + 1);
  // The ShareName must be non-empty and must not contain "/", "+" or "#" [MQTT-4.8.2-1], [MQTT-4.8.2-2].
  if (!group || /[+#]/.test(group)) throw new Error(`shared subscription ${topicFilter} needs a group name without wildcards`);
  if (!filter) throw new Error(`shared subscription ${topicFilter} needs a topic filter after the group`);
  return { group, filter };
}
