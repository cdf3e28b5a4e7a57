import type { RefusalReason } from '../auth/refusal';

/**
 * Some refusals happen inside aedes before our hooks run (a wildcard in a PUBLISH topic is refused
 * in its publish handler, the connect timer fires in its client). They surface only as error
 * messages, so map the known ones to our reasons to count and log them like the rest.
 */
const KNOWN: Array<[RegExp, RefusalReason]> = [
  [/is not allowed in PUBLISH/, 'publish-wildcard'],
  [/empty topic not allowed|topic has too many levels/, 'topic-invalid'],
  [/connect did not arrive in time/, 'connect-timeout'],
  [/maxInflightInbound exceeded/, 'inflight-limit'],
];

export function refusalForAedesError(err: Error): RefusalReason | null {
  return KNOWN.find(([pattern]) => pattern.test(err.message))?.[1] ?? null;
}
