import { Body, Controller, Get, HttpCode, Post, Req, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HttpRequest as Request } from '../http/express-types';
import { z } from 'zod';
import { ApiZodBody } from '../http/openapi';
import { zodPipe } from '../http/zod-validation.pipe';
import { CurrentPrincipal, Public, ReadAccess, RequireAccess } from './access.decorator';
import { AuthService, type LoginResult } from './auth.service';
import type { Principal } from './principal';

const loginBody = z.strictObject({
  username: z.string().min(1, 'is required').max(64),
  password: z.string().min(1, 'is required').max(200),
});

const passwordBody = z.strictObject({
  currentPassword: z.string().min(1, 'is required').max(200, 'must be at most 200 characters'),
  newPassword: z.string().min(12, 'must be at least 12 characters').max(200, 'must be at most 200 characters'),
});

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in; returns a session token (JWT HS256) with its expiry. 5 failures per minute per address, then 429.' })
  @ApiZodBody(loginBody)
  login(@Body(zodPipe(loginBody)) body: z.infer<typeof loginBody>, @Req() req: Request): Promise<LoginResult> {
    return this.auth.login(body.username, body.password, req.ip ?? req.socket.remoteAddress ?? 'unknown');
  }

  @Post('logout')
  @RequireAccess('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ends the session: the token stops working at once.' })
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.auth.logout(principal);
  }

  @Post('password')
  @RequireAccess('admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Change the logged-in user\u2019s password: needs the current one (rate-limited like log-in: 5 failures per minute per address, then 429). Every other session of the user ends; this one stays. Returns { endedSessions }.',
  })
  @ApiZodBody(passwordBody)
  changePassword(@Body(zodPipe(passwordBody)) body: z.infer<typeof passwordBody>, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<{ endedSessions: number }> {
    return this.auth.changePassword(principal, body.currentPassword, body.newPassword, req.ip ?? req.socket.remoteAddress ?? 'unknown');
  }

  @Get('me')
  @ReadAccess()
  @ApiOperation({ summary: 'Who the token or key belongs to.' })
  me(@CurrentPrincipal() principal: Principal) {
    if (principal.kind === 'session') return { username: principal.username };
    if (principal.kind === 'apiKey') return { apiKey: principal.name, access: principal.access };
    throw new UnauthorizedException('not logged in');
  }
}
