import { redactUrl } from './logger';

/**
 * Redacts every URL inside free text (error messages, Nest log lines). redactUrl expects a URL: given
 * `CallMeBotDeliveryError: HTTP 500 …` it parses the name as a URL scheme and lower-cases it.
 */
export function redactText(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, (url) => redactUrl(url)).replace(/((?:apikey|api_key|token|password)=)[^&\s"']+/gi, '$1[redacted]');
}
