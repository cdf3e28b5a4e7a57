import { createHmac } from 'node:crypto';
import { InvalidTokenError, signJwt, verifyJwt, type SessionClaims } from './jwt';

const secret = 'a'.repeat(32);
const now = Date.UTC(2026, 10, 27, 12);
const claims: SessionClaims = { sub: 'admin', sid: 'abc', iat: now / 1000, exp: now / 1000 + 3600 };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe(verifyJwt.name, () => {
  it('accepts a token it signed, before expiry', () => {
    expect(verifyJwt(signJwt(claims, secret), secret, now)).toEqual(claims);
  });

  it('refuses an expired token', () => {
    expect(() => verifyJwt(signJwt(claims, secret), secret, now + 3600_000)).toThrow('invalid token: expired');
  });

  it('refuses a token signed with another secret', () => {
    expect(() => verifyJwt(signJwt(claims, 'b'.repeat(32)), secret, now)).toThrow('bad signature');
  });

  it('refuses changed claims under the original signature', () => {
    const [h, , s] = signJwt(claims, secret).split('.');
    expect(() => verifyJwt(`${h}.${b64({ ...claims, sub: 'mallory' })}.${s}`, secret, now)).toThrow('bad signature');
  });

  it('refuses alg none, with or without a signature', () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}`;
    expect(() => verifyJwt(`${unsigned}.`, secret, now)).toThrow('algorithm "none" is not accepted');
    expect(() => verifyJwt(`${unsigned}.c2ln`, secret, now)).toThrow(InvalidTokenError);
  });

  it('refuses other algorithms even when the HMAC is right', () => {
    const body = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claims)}`;
    const sig = createHmac('sha256', secret).update(body).digest('base64url');
    expect(() => verifyJwt(`${body}.${sig}`, secret, now)).toThrow('algorithm "HS512"');
  });

  it.each(['', 'a.b', 'a.b.c.d', '!!.??.**', `${b64({ alg: 'HS256' })}.bm90IGpzb24.x`])('refuses garbage %p', (token) => {
    expect(() => verifyJwt(token, secret, now)).toThrow(InvalidTokenError);
  });
});
