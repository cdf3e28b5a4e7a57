import type { NextFunction, HttpRequest as Request, HttpResponse as Response } from './express-types';

/**
 * The headers helmet would set, by hand (helmet is not a dependency): the dashboard is served from
 * this origin only, never framed, never sniffed (issue 16).
 * - Angular's production build loads its stylesheet with `onload="this.media='all'"`: that one
 *   handler is allowed by its hash, nothing else inline may run.
 * - Component styles are inserted at run time as <style> elements: style-src needs 'unsafe-inline'.
 */
const ANGULAR_STYLESHEET_ONLOAD = "'sha256-MhtPZXr7+LpJUY5qtMutB+qWfQtMaPccfe7QXtCcEYc='";
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-hashes' ${ANGULAR_STYLESHEET_ONLOAD}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Two years, as the HSTS preload list asks. */
const HSTS = 'max-age=63072000; includeSubDomains';

export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
  // Only over TLS (the proxy says so when TRUST_PROXY is on; Express's req.secure reads it):
  // sent over plain HTTP, HSTS would be ignored at best.
  if ((req as Request & { secure?: boolean }).secure) res.setHeader('strict-transport-security', HSTS);
  next();
}
