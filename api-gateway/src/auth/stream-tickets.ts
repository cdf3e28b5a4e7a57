import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Principal } from './principal';

/** How long a ticket may wait between being issued and opening its stream. */
export const STREAM_TICKET_TTL_MS = 30_000;

export class InvalidTicketError extends Error {
  constructor(reason: string) {
    super(`invalid stream ticket: ${reason}`);
    this.name = 'InvalidTicketError';
  }
}

interface TicketClaims {
  principal: Principal;
  exp: number;
  jti: string;
}

/**
 * Tickets for the live stream (issue 16). EventSource cannot send headers, so the stream needs its
 * credential in the URL, where proxy access logs keep it: a ticket names the principal, expires
 * after 30 s and is accepted once, so a logged one is worth nothing. Tickets are signed (HMAC with
 * a key derived from the session secret, so one can never pass for a session token), and any
 * replica can redeem them; "once" holds per replica.
 */
export class StreamTickets {
  private readonly used = new Map<string, number>();

  constructor(
    private readonly key: () => Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  issue(principal: Principal): { ticket: string; expiresAt: number } {
    const claims: TicketClaims = { principal, exp: this.now() + STREAM_TICKET_TTL_MS, jti: randomBytes(16).toString('base64url') };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { ticket: `${body}.${this.sign(body)}`, expiresAt: claims.exp };
  }

  /** The principal the ticket was issued to; throws when it is forged, expired or used. */
  redeem(ticket: string): Principal {
    if (ticket.length > 2048) throw new InvalidTicketError('too long');
    const [body, signature, ...rest] = ticket.split('.');
    if (!body || !signature || rest.length > 0) throw new InvalidTicketError('malformed');
    const expected = Buffer.from(this.sign(body), 'base64url');
    const actual = Buffer.from(signature, 'base64url');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new InvalidTicketError('bad signature');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TicketClaims;
    const now = this.now();
    if (!(claims.exp > now)) throw new InvalidTicketError('expired');
    this.forgetExpired(now);
    if (this.used.has(claims.jti)) throw new InvalidTicketError('already used');
    this.used.set(claims.jti, claims.exp);
    return claims.principal;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key()).update(body).digest('base64url');
  }

  private forgetExpired(now: number): void {
    for (const [jti, exp] of this.used) if (exp <= now) this.used.delete(jti);
  }
}
