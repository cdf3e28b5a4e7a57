import { ForbiddenException, Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { GatewayConfig } from '../config/env';
import { CONFIG } from '@energy/service-kit/nest';
import { ACCESS_KEY, STREAM_TICKET_KEY, type AuthenticatedRequest } from './access.decorator';
import { AuthService, type Credentials } from './auth.service';
import type { Access, Principal } from './principal';

/** Global guard: every route states its access level, and every write needs a session or a write key. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, targets) ?? 'write';
    if (access === 'public') return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const allowStreamTicket = this.reflector.getAllAndOverride<boolean | undefined>(STREAM_TICKET_KEY, targets) ?? false;
    const principal = (await this.auth.authenticate(credentialsOf(req, allowStreamTicket))) ?? this.anonymous(access);
    assertAllowed(principal, access);
    req.principal = principal;
    return true;
  }

  private anonymous(access: Access): Principal {
    if (access === 'read' && this.config.auth.allowAnonymousRead) return { kind: 'anonymous' };
    throw new UnauthorizedException('authentication required: send Authorization: Bearer <token> or X-API-Key: <key>');
  }
}

export function credentialsOf(req: AuthenticatedRequest, allowStreamTicket: boolean): Credentials {
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string') return { apiKey };
  const authorization = req.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw new UnauthorizedException('Authorization must be "Bearer <token>"');
    return { bearer: match[1] };
  }
  const ticket = (req.query as Record<string, unknown> | undefined)?.ticket;
  if (allowStreamTicket && typeof ticket === 'string') return { ticket };
  return {};
}

export function assertAllowed(principal: Principal, access: Access): void {
  if (access === 'read' || access === 'public') return;
  if (principal.kind === 'session') return;
  if (access === 'admin') throw new ForbiddenException('only a logged-in user may do this; API keys may not');
  if (principal.kind === 'apiKey' && principal.access !== 'write') throw new ForbiddenException('this API key is read-only');
  if (principal.kind === 'anonymous') throw new UnauthorizedException('authentication required');
}
