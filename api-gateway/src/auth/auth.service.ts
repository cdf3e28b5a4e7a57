import { BadRequestException, ForbiddenException, Inject, Injectable, UnauthorizedException, type OnModuleInit } from '@nestjs/common';
import { generateSecret, hashSecret, verifySecret } from '@energy/db';
import type { Logger } from '@energy/service-kit';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { GatewayConfig } from '../config/env';
import { CONFIG, LOGGER } from '@energy/service-kit/nest';
import { TooManyAttemptsError } from '../errors/too-many-attempts.error';
import { ApiKeysRepository } from './api-keys.repository';
import { InvalidTokenError, signJwt, verifyJwt } from './jwt';
import { LoginRateLimiter } from './login-rate-limiter';
import type { Principal } from './principal';
import { writeSecretFile } from './secret-file';
import { SessionsRepository } from './sessions.repository';
import { InvalidTicketError, StreamTickets } from './stream-tickets';
import { SettingsRepository } from './settings.repository';
import { UsersRepository } from './users.repository';

export const ADMIN_USERNAME = 'admin';
const SESSION_SECRET_SETTING = 'session_secret';
/** The scrypt hash of the ADMIN_PASSWORD last applied, so a restart with the same value keeps a password changed since. */
const ADMIN_ENV_SETTING = 'admin_password_env_applied';
// A real scrypt hash to verify against when the user does not exist, so timing reveals nothing.
const DUMMY_HASH_SECRET = 'not-a-real-password';

export interface LoginResult {
  token: string;
  expiresAt: number;
  user: { username: string };
}

export interface Credentials {
  bearer?: string;
  apiKey?: string;
  /** A live-stream ticket (`?ticket=`), only where a route allows it. */
  ticket?: string;
}

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

@Injectable()
export class AuthService implements OnModuleInit {
  private secret = '';
  private dummyHash = '';
  private readonly touchedKeys = new Map<number, number>();
  readonly limiter = new LoginRateLimiter(5, 60_000);
  /** Live-stream tickets, signed with a key derived from the session secret (never the same key). */
  readonly streamTickets = new StreamTickets(() => createHmac('sha256', this.secret).update('live stream tickets').digest());

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly settings: SettingsRepository,
    private readonly apiKeys: ApiKeysRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    this.secret = this.config.auth.sessionSecret ?? (await this.settings.getOrInsert(SESSION_SECRET_SETTING, randomBytes(48).toString('base64url')));
    this.dummyHash = await hashSecret(DUMMY_HASH_SECRET);
    await this.ensureAdmin();
  }

  /**
   * First start: create the admin with ADMIN_PASSWORD, or with a generated password written to
   * ADMIN_PASSWORD_FILE (0600), never to the log (issue 16). The file is written before the user is
   * created, so a start that cannot write it leaves no admin with a password nobody knows.
   * Later starts: a new ADMIN_PASSWORD value resets the password (recovery); the value already
   * applied does not, so a password changed in the dashboard survives restarts (issue 17).
   */
  private async ensureAdmin(): Promise<void> {
    const configured = this.config.auth.adminPassword;
    const existing = await this.users.find(ADMIN_USERNAME);
    if (!existing) {
      const file = this.config.auth.adminPasswordFile;
      const password = configured ?? generateSecret();
      if (!configured) {
        try {
          writeSecretFile(file, password);
        } catch (err) {
          throw new Error(`could not write the generated admin password to ${file} (${(err as Error).message}); set ADMIN_PASSWORD, or ADMIN_PASSWORD_FILE to a writable path`);
        }
      }
      if (await this.users.createIfMissing(ADMIN_USERNAME, await hashSecret(password))) {
        if (configured) await this.settings.put(ADMIN_ENV_SETTING, await hashSecret(configured));
        if (configured) this.logger.info({ username: ADMIN_USERNAME }, 'admin user created with ADMIN_PASSWORD');
        else this.logger.warn({ username: ADMIN_USERNAME, file }, `FIRST START: admin user created with a generated password, in ${file} (readable by this user only). Log in and change it, or set ADMIN_PASSWORD.`);
      } else if (!configured) {
        rmSync(file, { force: true }); // another replica created the admin first: this password is not it
      }
      return;
    }
    if (!configured) return;
    const applied = await this.settings.get(ADMIN_ENV_SETTING);
    if (applied && (await verifySecret(configured, applied))) return; // this value was applied before: a later change stands
    if (!(await verifySecret(configured, existing.passwordHash))) {
      await this.users.setPassword(ADMIN_USERNAME, await hashSecret(configured));
      this.logger.info({ username: ADMIN_USERNAME }, 'admin password updated from ADMIN_PASSWORD');
    }
    await this.settings.put(ADMIN_ENV_SETTING, await hashSecret(configured));
  }

  /**
   * A logged-in user changes their password: the current one is checked under the log-in's rate
   * limit (per client address, counted before the scrypt), and every other session of the user ends.
   */
  async changePassword(principal: Principal, currentPassword: string, newPassword: string, client: string): Promise<{ endedSessions: number }> {
    if (principal.kind !== 'session') throw new ForbiddenException('only a logged-in user can change their password');
    const waitMs = this.limiter.startAttempt(client);
    if (waitMs > 0) throw new TooManyAttemptsError(waitMs);
    const user = await this.users.find(principal.username);
    if (!user || !(await verifySecret(currentPassword, user.passwordHash))) {
      this.logger.warn({ username: principal.username, client }, 'failed password change: wrong current password');
      throw new BadRequestException('currentPassword: is not the current password');
    }
    this.limiter.recordSuccess(client);
    if (currentPassword === newPassword) throw new BadRequestException('newPassword: must differ from the current password');
    await this.users.setPassword(user.username, await hashSecret(newPassword));
    const endedSessions = await this.sessions.revokeOthers(user.username, principal.sessionId);
    this.logger.info({ username: user.username, endedSessions }, 'password changed; other sessions ended');
    return { endedSessions };
  }

  async login(username: string, password: string, client: string): Promise<LoginResult> {
    // Counted before the scrypt, so parallel guesses cannot all pass the check (issue 16).
    const waitMs = this.limiter.startAttempt(client);
    if (waitMs > 0) throw new TooManyAttemptsError(waitMs);
    const user = await this.users.find(username);
    const ok = await verifySecret(password, user?.passwordHash ?? this.dummyHash);
    if (!user || !ok) {
      this.logger.warn({ username: username.slice(0, 64), client }, 'failed log-in');
      throw new UnauthorizedException('invalid username or password');
    }
    this.limiter.recordSuccess(client);
    const now = Date.now();
    const sessionId = randomBytes(16).toString('hex');
    const expiresAt = now + this.config.auth.sessionTtlMs;
    await this.sessions.create(sessionId, user.username, now, expiresAt);
    await this.sessions.deleteExpiredBefore(now - 86_400_000);
    const token = signJwt({ sub: user.username, sid: sessionId, iat: Math.floor(now / 1000), exp: Math.floor(expiresAt / 1000) }, this.secret);
    return { token, expiresAt: Math.floor(expiresAt / 1000) * 1000, user: { username: user.username } };
  }

  async logout(principal: Principal): Promise<void> {
    if (principal.kind === 'session') await this.sessions.revoke(principal.sessionId);
  }

  /** Resolves credentials to a principal; null when none were sent. Wrong credentials throw 401. */
  async authenticate(credentials: Credentials): Promise<Principal | null> {
    if (credentials.apiKey !== undefined) return this.authenticateApiKey(credentials.apiKey);
    if (credentials.bearer !== undefined) return this.authenticateToken(credentials.bearer);
    if (credentials.ticket !== undefined) return this.authenticateTicket(credentials.ticket);
    return null;
  }

  /**
   * Whether the principal behind a long-lived stream may still read: its session not ended or
   * expired, its API key not revoked, anonymous reading still allowed (issue 16).
   */
  async stillValid(principal: Principal): Promise<boolean> {
    if (principal.kind === 'session') return this.sessions.isActive(principal.sessionId, Date.now());
    if (principal.kind === 'apiKey') return this.apiKeys.isActive(principal.keyId);
    return this.config.auth.allowAnonymousRead;
  }

  private async authenticateTicket(ticket: string): Promise<Principal> {
    let principal: Principal;
    try {
      principal = this.streamTickets.redeem(ticket);
    } catch (err) {
      if (err instanceof InvalidTicketError || err instanceof SyntaxError) throw new UnauthorizedException(err instanceof InvalidTicketError ? err.message : 'invalid stream ticket: malformed');
      throw err;
    }
    if (!(await this.stillValid(principal))) throw new UnauthorizedException('invalid stream ticket: its session or key has ended');
    return principal;
  }

  private async authenticateToken(token: string): Promise<Principal> {
    try {
      const claims = verifyJwt(token, this.secret);
      if (!(await this.sessions.isActive(claims.sid, Date.now()))) throw new InvalidTokenError('session ended');
      return { kind: 'session', username: claims.sub, sessionId: claims.sid };
    } catch (err) {
      if (err instanceof InvalidTokenError) throw new UnauthorizedException(err.message);
      throw err;
    }
  }

  private async authenticateApiKey(key: string): Promise<Principal> {
    if (key.length < 8 || key.length > 200) throw new UnauthorizedException('invalid API key');
    // Keys are 192-bit random strings, so a fast hash is enough and keeps each request cheap.
    const record = await this.apiKeys.findActiveBySha256(sha256Hex(key));
    if (!record) throw new UnauthorizedException('invalid API key');
    const now = Date.now();
    if (now - (this.touchedKeys.get(record.id) ?? 0) > 60_000) {
      this.touchedKeys.set(record.id, now);
      void this.apiKeys.touch(record.id, now).catch((err) => this.logger.warn({ err }, 'could not record API key use'));
    }
    return { kind: 'apiKey', keyId: record.id, name: record.name, access: record.access };
  }
}
