/**
 * MQTT UTF-8 strings [MQTT-1.5.3]. The server must reject ill-formed UTF-8 [MQTT-1.5.3-1] and U+0000
 * [MQTT-1.5.3-2], and control characters are not meant to be there either; aedes accepts all of them.
 *
 * mqtt-packet has already decoded the bytes with Buffer#toString, which turns every ill-formed
 * sequence into U+FFFD, so U+FFFD is how ill-formed UTF-8 shows up here. Refusing a literal U+FFFD
 * too costs nothing: no topic, client id or username of ours contains one.
 */
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\ufffd]/;

/** A description of the first problem in `value`, or null when it is a clean MQTT string. */
export function mqttStringProblem(value: string): string | null {
  const match = FORBIDDEN.exec(value);
  if (!match) return null;
  const ch = match[0];
  if (ch === '\u0000') return 'contains U+0000';
  if (ch === '\ufffd') return 'contains invalid UTF-8';
  return `contains control character U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}
