import { IncomingRequestDeserializer, type ConsumerDeserializer, type IncomingEvent, type IncomingRequest } from '@nestjs/microservices';

/** The only topics that carry NestJS requests (`{pattern, data, id}`): the gateway's, under svc/alert/. */
const REQUEST_TOPIC_PREFIX = 'svc/alert/';
const requests = new IncomingRequestDeserializer();

/**
 * Device status and relay reports, and the ingest's telemetry stream, are events whatever their
 * payload holds (issue 16). Nest's default takes a payload with `id` for a request and publishes a
 * reply on `{topic}/reply`: a device could make the alert service answer it, on a topic the broker
 * refuses it, which closes the alert service's connection. As the ingest's raw deserializer does,
 * everything outside the request topics is `{ pattern: topic, data: payload }`.
 */
export const deviceEventDeserializer: ConsumerDeserializer = {
  deserialize(value: unknown, options?: Record<string, unknown>): IncomingRequest | IncomingEvent {
    const channel = String(options?.channel ?? '');
    if (channel.startsWith(REQUEST_TOPIC_PREFIX)) return requests.deserialize(value, options) as IncomingRequest | IncomingEvent;
    return { pattern: channel, data: value };
  },
};
