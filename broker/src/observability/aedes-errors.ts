import type { RefusalReason } from '../shared/refusal';

/**
 * Some refusals happen inside aedes before our hooks run (a wildcard in a PUBLISH topic is refused
 * in its publish handler, the connect timer fires in its client, its packet parser gives up on a
 * packet it cannot decode). They surface only as error messages, so map the known ones to our
 * reasons to count and log them like the rest.
 */
const KNOWN: Array<[RegExp, RefusalReason]> = [
  [/is not allowed in PUBLISH/, 'publish-wildcard'],
  [/empty topic not allowed|topic has too many levels/, 'topic-invalid'],
  [/connect did not arrive in time/, 'connect-timeout'],
  [/maxInflightInbound exceeded/, 'inflight-limit'],
  // aedes' answer to a packet before CONNECT or a second CONNECT [MQTT-3.1.0-1], [MQTT-3.1.0-2].
  [/^Invalid protocol$/, 'protocol-violation'],
];

/**
 * How mqtt-packet's parser messages begin (bad header flags or reserved type [MQTT-2.2.2-2], wrong
 * protocol name or level, a length running past the packet's end...). aedes closes the connection on
 * each; the spec feeds random bytes to the real parser to keep this list complete.
 */
const PARSER_ERROR_PREFIXES = [
  'Cannot parse ',
  'Packet too short',
  'Malformed ',
  'Not supported',
  'Unknown property',
  'Packet must not have both QoS bits',
  'Connect flag bit 0 must be 0',
  'Will QoS must be',
  'Will Retain Flag must be',
  'Invalid header flag bits',
  'Invalid protocolId',
  'Invalid protocol version',
  'Invalid variable byte integer',
  'Invalid connack flags',
  'Invalid subscribe',
  'Invalid retain handling',
  'Invalid suback',
  'Invalid unsuback',
];
const PARSER_REASON_CODE_ERROR = /^Invalid [a-z]+ reason code$/;

export function refusalForAedesError(err: Error): RefusalReason | null {
  const known = KNOWN.find(([pattern]) => pattern.test(err.message))?.[1];
  if (known) return known;
  if (PARSER_ERROR_PREFIXES.some((prefix) => err.message.startsWith(prefix)) || PARSER_REASON_CODE_ERROR.test(err.message)) return 'packet-malformed';
  return null;
}
