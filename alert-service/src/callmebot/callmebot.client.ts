import { redactText } from '@energy/service-kit';
import { CallMeBotDeliveryError } from './callmebot-delivery.error';

export interface CallMeBotClientOptions {
  /** Default https://api.callmebot.com; a local server in tests. */
  baseUrl: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * CallMeBot answers 200 with an HTML page for most outcomes, including a wrong API key or a spent
 * quota, so the body decides. These words only appear in its error pages.
 */
const ERROR_BODY = /\b(error|invalid|incorrect|exceeded|not (?:allowed|valid|activated|registered)|blocked|denied|wrong|missing|quota|limit reached)\b/i;

/** The page's text without tags, short enough for a log line and the delivery log. */
export function bodyText(html: string, max = 200): string {
  const text = html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** `GET {base}/whatsapp.php?phone=…&text=…&apikey=…`, each value URL-encoded exactly once. */
export class CallMeBotClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly opts: CallMeBotClientOptions) {
    this.fetch = opts.fetch ?? globalThis.fetch;
  }

  /** The request URL. encodeURIComponent turns `+` into %2B and emoji into UTF-8 escapes, once. */
  url(phone: string, text: string, apikey: string): string {
    const q = (v: string) => encodeURIComponent(v);
    return `${this.opts.baseUrl.replace(/\/+$/, '')}/whatsapp.php?phone=${q(phone)}&text=${q(text)}&apikey=${q(apikey)}`;
  }

  async send(phone: string, text: string, apikey: string): Promise<void> {
    const url = this.url(phone, text, apikey);
    const scrub = (s: string) => redactText(s).split(apikey).join('[redacted]');
    const where = scrub(`${this.opts.baseUrl}/whatsapp.php`);
    let response: Response;
    let body: string;
    try {
      response = await this.fetch(url, { method: 'GET', signal: AbortSignal.timeout(this.opts.timeoutMs), redirect: 'follow' });
      body = await response.text();
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        throw new CallMeBotDeliveryError(`no answer from ${where} within ${this.opts.timeoutMs} ms`, true);
      }
      const cause = e.cause?.code ?? e.cause?.message ?? e.message;
      throw new CallMeBotDeliveryError(scrub(`network error calling ${where}: ${cause}`), true);
    }
    const detail = scrub(bodyText(body)) || '(empty body)';
    if (response.status >= 500 || response.status === 429) {
      throw new CallMeBotDeliveryError(`HTTP ${response.status} from ${where}: ${detail}`, true, response.status);
    }
    if (!response.ok) throw new CallMeBotDeliveryError(`HTTP ${response.status} from ${where}: ${detail}`, false, response.status);
    if (ERROR_BODY.test(detail)) throw new CallMeBotDeliveryError(detail, false, response.status);
  }
}
