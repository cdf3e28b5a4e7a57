import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { HttpRequest as Request } from '../http/express-types';
import type { Access, Principal } from './principal';

export const ACCESS_KEY = 'gateway:access';
export const STREAM_TICKET_KEY = 'gateway:stream-ticket';

/** What the route needs; routes without it need `write`, so a forgotten decorator fails closed. */
export const RequireAccess = (access: Access) => SetMetadata(ACCESS_KEY, access);
export const Public = () => RequireAccess('public');
export const ReadAccess = () => RequireAccess('read');
export const WriteAccess = () => RequireAccess('write');
export const AdminAccess = () => RequireAccess('admin');

/**
 * EventSource cannot set headers, so the live stream also takes `?ticket=`: short-lived and single-use
 * (auth/stream-tickets.ts), never the session token, which proxy access logs would keep (issue 16).
 */
export const AllowStreamTicket = () => SetMetadata(STREAM_TICKET_KEY, true);

export type AuthenticatedRequest = Request & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal ?? { kind: 'anonymous' },
);
