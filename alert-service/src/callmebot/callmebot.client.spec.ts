import { CallMeBotDeliveryError } from './callmebot-delivery.error';
import { bodyText, CallMeBotClient } from './callmebot.client';

const fakeFetch = (status: number, body: string) => jest.fn(async () => new Response(body, { status })) as unknown as typeof fetch;

describe(CallMeBotClient.name, () => {
  const text = '⚠️ Power Alert! Load is consuming 520W which exceeds safety limit.\nDevice: k & co';

  it('encodes phone, text and key exactly once', () => {
    const client = new CallMeBotClient({ baseUrl: 'https://api.callmebot.com/', timeoutMs: 1000 });
    const url = client.url('+4915112345678', text, 'k3y/+');
    expect(url.startsWith('https://api.callmebot.com/whatsapp.php?phone=%2B4915112345678&text=%E2%9A%A0%EF%B8%8F%20Power%20Alert!')).toBe(true);
    expect(url).not.toContain('%25');
    const params = new URL(url).searchParams;
    expect(params.get('text')).toBe(text);
    expect(params.get('phone')).toBe('+4915112345678');
    expect(params.get('apikey')).toBe('k3y/+');
  });

  it('treats a 200 whose body reports an error as a non-retryable failure', async () => {
    const client = new CallMeBotClient({ baseUrl: 'http://x', timeoutMs: 1000, fetch: fakeFetch(200, '<html><body><p>203 API key incorrect</p></body></html>') });
    const error = await client.send('+4915112345678', 'hi', 'secret-key').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallMeBotDeliveryError);
    expect(`${(error as Error).name}: ${(error as Error).message}`).toBe('CallMeBotDeliveryError: 203 API key incorrect');
    expect((error as CallMeBotDeliveryError).retryable).toBe(false);
  });

  it('accepts a queued message', async () => {
    const client = new CallMeBotClient({ baseUrl: 'http://x', timeoutMs: 1000, fetch: fakeFetch(200, '<p>Message queued. You will receive it in a few seconds.</p>') });
    await expect(client.send('+4915112345678', 'hi', 'k')).resolves.toBeUndefined();
  });

  it('retries 5xx, never shows the key', async () => {
    const client = new CallMeBotClient({ baseUrl: 'http://x', timeoutMs: 1000, fetch: fakeFetch(503, 'busy, apikey=secret-key') });
    const error = (await client.send('+4915112345678', 'hi', 'secret-key').catch((e: unknown) => e)) as CallMeBotDeliveryError;
    expect(error.retryable).toBe(true);
    expect(error.httpStatus).toBe(503);
    expect(error.message).not.toContain('secret-key');
  });

  it('times out', async () => {
    const hang = jest.fn((_url: string, init: RequestInit) => new Promise<Response>((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))) as unknown as typeof fetch;
    const client = new CallMeBotClient({ baseUrl: 'http://x', timeoutMs: 20, fetch: hang });
    await expect(client.send('+4915112345678', 'hi', 'k')).rejects.toThrow('no answer from http://x/whatsapp.php within 20 ms');
  });

  it('strips tags from the body', () => {
    expect(bodyText('<html><style>p{}</style><b>APIKey</b> is invalid&nbsp;</html>')).toBe('APIKey is invalid');
  });
});
