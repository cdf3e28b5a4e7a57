import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a session token carries. Times are in seconds, as RFC 7519 wants. */
export interface SessionClaims {
  /** The username. */
  sub: string;
  /** The session row id, so a logout can end the token before it expires. */
  sid: string;
  iat: number;
  exp: number;
}

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(`invalid token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const hmac = (secret: string | Buffer, data: string) => createHmac('sha256', secret).update(data).digest();

/** Signs claims as a compact HS256 JWT. */
export function signJwt(claims: SessionClaims, secret: string | Buffer): string {
  const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${hmac(secret, body).toString('base64url')}`;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Verifies a compact JWT. Only HS256 is accepted: `alg: none` and every other algorithm are refused
 * before the signature is looked at, so a token cannot choose how it is checked (RFC 8725 §2.1).
 */
export function verifyJwt(token: string, secret: string | Buffer, nowMs = Date.now()): SessionClaims {
  if (token.length > 4096) throw new InvalidTokenError('too long');
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('not a compact JWT');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  if (!BASE64URL.test(headerPart) || !BASE64URL.test(payloadPart)) throw new InvalidTokenError('not base64url');
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('malformed header');
  }
  const alg = (header as { alg?: unknown } | null)?.alg;
  if (alg !== 'HS256') throw new InvalidTokenError(`algorithm ${JSON.stringify(alg ?? null)} is not accepted`);
  if (!BASE64URL.test(signaturePart)) throw new InvalidTokenError('bad signature');
  const expected = hmac(secret, `${headerPart}.${payloadPart}`);
  const actual = Buffer.from(signaturePart, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new InvalidTokenError('bad signature');
  let claims: SessionClaims;
  try {
    claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as SessionClaims;
  } catch {
    throw new InvalidTokenError('malformed claims');
  }
  if (typeof claims?.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.exp !== 'number') throw new InvalidTokenError('missing claims');
  if (claims.exp * 1000 <= nowMs) throw new InvalidTokenError('expired');
  return claims;
}
