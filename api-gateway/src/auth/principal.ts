/** Who is calling: a logged-in user, a script with an API key, or nobody (anonymous reads). */
export type Principal =
  | { kind: 'session'; username: string; sessionId: string }
  | { kind: 'apiKey'; keyId: number; name: string; access: 'read' | 'write' }
  | { kind: 'anonymous' };

/** What a route needs. `admin` means a logged-in user: API keys cannot manage API keys. */
export type Access = 'public' | 'read' | 'write' | 'admin';

/** Who holds a share of a limited resource (exports, live streams): a user, an API key, or an anonymous reader's address. */
export const principalKey = (principal: Principal, address: string | undefined): string =>
  principal.kind === 'session' ? `user:${principal.username}` : principal.kind === 'apiKey' ? `key:${principal.keyId}` : `anonymous:${address ?? 'unknown'}`;

export const describePrincipal = (p: Principal): string =>
  p.kind === 'session' ? `user ${p.username}` : p.kind === 'apiKey' ? `api key ${p.name} (${p.access})` : 'anonymous';
