/**
 * mqtt.js logs through the `debug` package (`options.log`, default `debug('mqttjs:client')`) about
 * eight times per received message, and a disabled `debug` call still costs its argument array and
 * an `enabled` check: about 3 % of the ingest's CPU at bench/ingest's rates. The ingest's clients pass
 * this instead, so DEBUG=mqttjs* shows nothing from them; the ingest's own pino logs are unaffected.
 */
export const quietMqttLog = (): void => undefined;
