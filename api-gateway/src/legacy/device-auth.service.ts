import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { DevicesRepository, verifySecret, type Database } from '@energy/db';
import { createHash } from 'node:crypto';
import { LoginRateLimiter } from '../auth/login-rate-limiter';
import { DATABASE } from '@energy/service-kit/nest';
import type { HttpRequest } from '../http/express-types';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const REFUSED = 'unknown device or wrong secret';

/**
 * Identifies an HTTP-only device by the same id and secret it would use on MQTT:
 * `Authorization: Bearer <deviceId>:<secret>` or `X-Device-Id` + `X-Device-Secret`.
 */
@Injectable()
export class DeviceAuthService {
  private readonly devices: DevicesRepository;
  /** A device posting every second must not cost an scrypt each time: remember the last good secret per stored hash. */
  private readonly verified = new Map<string, { secretHash: string; presentedSha256: string }>();
  private readonly failures = new LoginRateLimiter(20, 60_000);

  constructor(@Inject(DATABASE) db: Database) {
    this.devices = new DevicesRepository(db);
  }

  async authenticate(req: HttpRequest): Promise<string> {
    const client = req.ip ?? 'unknown';
    const blockedMs = this.failures.retryAfterMs(client);
    if (blockedMs > 0) throw tooManyFailures(blockedMs);
    const { deviceId, secret } = credentialsOf(req);
    const device = await this.devices.find(deviceId);
    const presentedSha256 = sha256(secret);
    const cached = device && this.verified.get(device.id);
    if (device && device.revokedMs === null && cached && cached.secretHash === device.secretHash && cached.presentedSha256 === presentedSha256) return device.id;
    // Anything else is an attempt that costs a scrypt (or fails): counted before it starts, so
    // parallel guesses cannot all pass the check (issue 16).
    const waitMs = this.failures.startAttempt(client);
    if (waitMs > 0) throw tooManyFailures(waitMs);
    if (!device || device.revokedMs !== null) return this.refuse();
    if (!(await verifySecret(secret, device.secretHash))) return this.refuse();
    this.verified.set(device.id, { secretHash: device.secretHash, presentedSha256 });
    if (this.verified.size > 10_000) this.verified.delete(this.verified.keys().next().value as string);
    this.failures.recordSuccess(client);
    // The id as stored, not as sent: MySQL finds `kitchen-1` for `KITCHEN-1`, and the reading must go
    // out on the device's own topic (issue 16).
    return device.id;
  }

  /** The attempt was counted when it started. */
  private refuse(): never {
    throw new UnauthorizedException(REFUSED);
  }
}

const tooManyFailures = (waitMs: number) => new HttpException(`too many failed device logins; try again in ${Math.ceil(waitMs / 1000)} s`, HttpStatus.TOO_MANY_REQUESTS);

function credentialsOf(req: HttpRequest): { deviceId: string; secret: string } {
  const id = req.headers['x-device-id'];
  const secret = req.headers['x-device-secret'];
  if (typeof id === 'string' && typeof secret === 'string') return bounded(id, secret);
  const match = /^Bearer\s+([^:\s]+):(\S+)$/i.exec(req.headers.authorization?.trim() ?? '');
  if (match) return bounded(match[1]!, match[2]!);
  throw new UnauthorizedException('device credentials required: Authorization: Bearer <deviceId>:<secret>, or X-Device-Id and X-Device-Secret');
}

function bounded(deviceId: string, secret: string) {
  if (deviceId.length > 64 || secret.length > 200) throw new UnauthorizedException(REFUSED);
  return { deviceId, secret };
}
