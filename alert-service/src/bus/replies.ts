import type { AlertServiceReply } from '@energy/contracts';
import type { Logger } from '@energy/service-kit';

type Coded = Error & { code?: unknown };
const CODES = ['invalid', 'not_found', 'conflict'] as const;

/** Runs a request handler and turns its domain error into the `{ ok: false, code, error }` reply. */
export async function reply<T>(logger: Logger, pattern: string, work: () => Promise<T>): Promise<AlertServiceReply<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    const code = (err as Coded).code;
    if (typeof code === 'string' && (CODES as readonly string[]).includes(code)) {
      logger.info({ pattern, err: (err as Error).message }, 'request refused');
      return { ok: false, code: code as (typeof CODES)[number], error: (err as Error).message };
    }
    throw err;
  }
}
