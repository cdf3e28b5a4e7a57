/**
 * Why the broker said no. The reason is the Prometheus label (bounded set); the message is for
 * the log and names who tried what, e.g. `device kitchen-1 may not publish to energy/garage-2/reading`.
 */
export type RefusalReason =
  | 'keepalive-out-of-range'
  | 'client-id-empty-persistent'
  | 'client-id-invalid'
  | 'client-id-too-long'
  | 'client-id-not-owned'
  | 'username-invalid'
  | 'anonymous-not-allowed'
  | 'unknown-account'
  | 'wrong-secret'
  | 'revoked'
  | 'service-disabled'
  | 'will-not-allowed'
  | 'publish-not-allowed'
  | 'publish-wildcard'
  | 'topic-invalid'
  | 'payload-too-large'
  | 'subscribe-not-allowed'
  | 'packet-too-large'
  | 'packet-malformed'
  | 'protocol-violation'
  | 'connect-timeout'
  | 'max-connections'
  | 'ip-rate-limited'
  | 'inflight-limit'
  | 'auth-throttled'
  | 'auth-busy'
  | 'subscription-limit'
  | 'session-queue-full'
  | 'command-not-kept';

/** CONNACK return codes of MQTT 3.1.1 (section 3.2.2.3). */
export const ConnackCode = {
  identifierRejected: 2,
  serverUnavailable: 3,
  badUsernameOrPassword: 4,
  notAuthorized: 5,
} as const;

export class Refusal extends Error {
  /** Read by aedes: the CONNACK return code for a refused CONNECT. */
  readonly returnCode?: number;

  constructor(
    readonly reason: RefusalReason,
    message: string,
    returnCode?: number,
  ) {
    super(message);
    this.name = 'Refusal';
    this.returnCode = returnCode;
  }
}
