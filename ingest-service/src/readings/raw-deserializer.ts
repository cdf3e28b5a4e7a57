import type { ConsumerDeserializer, IncomingEvent } from '@nestjs/microservices';

/**
 * Every device message is an event routed by its topic. Nest's default would treat a payload with
 * top-level `pattern` or `data` keys as its own envelope and drop it silently, uncounted.
 */
export const rawEventDeserializer: ConsumerDeserializer = {
  deserialize: (value: unknown, options?: Record<string, unknown>): IncomingEvent => ({ pattern: String(options?.channel), data: value }),
};
