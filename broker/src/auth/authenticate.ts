import { authorizePublish } from './authorize-publish';
import { clientIdBindingProblem } from './client-id-owner';
import type { CredentialStore } from './credential-store';
import { describeIdentity, type Identity } from './identity';
import { mqttStringProblem } from './mqtt-strings';
import { ConnackCode, Refusal } from '../shared/refusal';

/** What the CONNECT packet said, as far as authentication cares. */
export interface ConnectRequest {
  /** As sent: empty when the client let the server choose. */
  clientId: string;
  clean: boolean;
  keepaliveS: number;
  username?: string;
  password?: Buffer;
  will?: { topic: string; payload: Buffer | string; retain?: boolean };
  /** The client's address, for the per-address failure limit. */
  remoteAddress?: string;
}

export interface AuthenticateOptions {
  store: CredentialStore;
  allowAnonymous: boolean;
  maxClientIdLength: number;
  keepaliveLimitS: number;
  maxPayloadBytes: number;
  /** Home Assistant's discovery prefix (HA_DISCOVERY_PREFIX): integration accounts may publish HA's will under it. */
  discoveryPrefix?: string;
}

/**
 * Decides who a CONNECT is, or throws a Refusal carrying the CONNACK return code. Cheap checks come
 * first, so a malformed CONNECT never costs a scrypt.
 */
export async function authenticate(request: ConnectRequest, options: AuthenticateOptions): Promise<Identity> {
  const { clientId } = request;
  const shownId = JSON.stringify(clientId);

  // MQTT 3.1.1 cannot tell a client the server's keep-alive, so like Mosquitto's max_keepalive we refuse
  // the identifier; 0 means "never time out", which is above any limit. aedes' own keepaliveLimit would
  // answer with return code 6, which 3.1.1 reserves.
  if (request.keepaliveS === 0 || request.keepaliveS > options.keepaliveLimitS) {
    throw new Refusal('keepalive-out-of-range', `client ${shownId} asked for keep-alive ${request.keepaliveS} s; it must be 1..${options.keepaliveLimitS} s`, ConnackCode.identifierRejected);
  }
  // [MQTT-3.1.3-8] A zero-byte ClientId with CleanSession=0 must be refused with 0x02.
  if (clientId.length === 0 && !request.clean) {
    throw new Refusal('client-id-empty-persistent', 'an empty client id needs clean session [MQTT-3.1.3-8]', ConnackCode.identifierRejected);
  }
  const idProblem = mqttStringProblem(clientId);
  if (idProblem) throw new Refusal('client-id-invalid', `client id ${shownId} ${idProblem} [MQTT-1.5.3]`, ConnackCode.identifierRejected);
  if (clientId.length > options.maxClientIdLength) {
    throw new Refusal('client-id-too-long', `client id ${shownId} is ${clientId.length} characters; the limit is ${options.maxClientIdLength}`, ConnackCode.identifierRejected);
  }

  const identity = await identify(request, options);
  const who = describeIdentity(identity);

  // A zero-length id gets a random one from aedes, which nobody else can hold.
  const bindingProblem = clientId === '' ? null : await clientIdBindingProblem(identity, clientId, options.store);
  if (bindingProblem) throw new Refusal('client-id-not-owned', `${who} may not connect as ${clientId}: ${bindingProblem}`, ConnackCode.identifierRejected);

  // The will is published later on the client's behalf, so it obeys the same ACL as its PUBLISHes.
  if (request.will) {
    const refusal = authorizePublish(identity, request.will, options.maxPayloadBytes, options.discoveryPrefix);
    if (refusal) throw new Refusal('will-not-allowed', `will message refused: ${refusal.message}`, ConnackCode.notAuthorized);
  }
  return identity;
}

async function identify(request: ConnectRequest, options: AuthenticateOptions): Promise<Identity> {
  const { username, password } = request;
  if (username === undefined) {
    if (options.allowAnonymous) return { kind: 'anonymous' };
    throw new Refusal('anonymous-not-allowed', `client ${JSON.stringify(request.clientId)} sent no username and anonymous access is off`, ConnackCode.notAuthorized);
  }
  const nameProblem = mqttStringProblem(username);
  if (nameProblem) throw new Refusal('username-invalid', `username ${JSON.stringify(username)} ${nameProblem} [MQTT-1.5.3]`, ConnackCode.badUsernameOrPassword);
  if (!password) throw new Refusal('wrong-secret', `${username} sent no password`, ConnackCode.badUsernameOrPassword);

  const verification = await options.store.verify(username, password, { remoteAddress: request.remoteAddress });
  if (verification.ok) return verification.identity;
  // Too many failures from this address, or too many secrets being checked: "server unavailable", so the
  // client retries later; nothing was checked, so nothing is revealed.
  if (verification.reason === 'auth-throttled' || verification.reason === 'auth-busy') {
    throw new Refusal(verification.reason, `${username}: ${verification.message ?? verification.reason}`, ConnackCode.serverUnavailable);
  }
  const messages = {
    'unknown-account': `no account named ${username}`,
    'wrong-secret': `wrong secret for ${username}`,
    revoked: `${username} is revoked`,
    'service-disabled': `service account ${username} has no password configured`,
  } as const;
  // The client learns only "bad user name or password"; the log and metric get the real reason.
  throw new Refusal(verification.reason, messages[verification.reason], ConnackCode.badUsernameOrPassword);
}
