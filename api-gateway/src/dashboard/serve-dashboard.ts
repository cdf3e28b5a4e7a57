import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from '@energy/service-kit';
import type { NextFunction, HttpRequest as Request, HttpResponse as Response } from '../http/express-types';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const API_PREFIXES = ['/api/', '/health', '/metrics'];

/**
 * In production the gateway serves the built dashboard at `/`. Unknown non-API paths get
 * index.html so the Angular router can handle deep links (SPA fallback).
 */
export function serveDashboard(app: NestExpressApplication, dist: string, logger: Logger): void {
  const root = resolve(dist);
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    logger.info({ dist: root }, 'no built dashboard found; serving the API only');
    return;
  }
  app.useStaticAssets(root, { index: 'index.html', maxAge: '1h', setHeaders: (res, path) => void (path.endsWith('index.html') && res.setHeader('cache-control', 'no-cache')) });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || API_PREFIXES.some((p) => req.path === p.replace(/\/$/, '') || req.path.startsWith(p)) || !req.accepts('html')) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  logger.info({ dist: root }, 'serving the dashboard');
}
