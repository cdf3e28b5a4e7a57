import { InvalidTicketError, StreamTickets, STREAM_TICKET_TTL_MS } from './stream-tickets';

describe(StreamTickets.name, () => {
  let now = 1_000_000;
  const tickets = new StreamTickets(() => Buffer.from('k'.repeat(32)), () => now);
  const admin = { kind: 'session', username: 'admin', sessionId: 's1' } as const;

  it('gives back the principal once, within the TTL', () => {
    const { ticket, expiresAt } = tickets.issue(admin);
    expect(expiresAt).toBe(now + STREAM_TICKET_TTL_MS);
    expect(tickets.redeem(ticket)).toEqual(admin);
    expect(() => tickets.redeem(ticket)).toThrow('already used');
  });

  it('refuses an expired, forged or re-signed ticket', () => {
    const { ticket } = tickets.issue(admin);
    now += STREAM_TICKET_TTL_MS;
    expect(() => tickets.redeem(ticket)).toThrow('expired');
    const [body] = tickets.issue(admin).ticket.split('.');
    const forged = Buffer.from(JSON.stringify({ principal: { kind: 'session', username: 'root', sessionId: 'x' }, exp: now + 1000, jti: 'j' })).toString('base64url');
    expect(() => tickets.redeem(`${forged}.${tickets.issue(admin).ticket.split('.')[1]}`)).toThrow(InvalidTicketError);
    expect(() => new StreamTickets(() => Buffer.from('other')).redeem(`${body}.x`)).toThrow('bad signature');
    expect(() => tickets.redeem('nonsense')).toThrow('malformed');
  });
});
