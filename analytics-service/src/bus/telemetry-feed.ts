import { isTelemetryBatchTopic, TELEMETRY_BATCH_FILTER, telemetryOfBatch, type Telemetry } from '@energy/contracts';
import { RateLimitedLog, type BusPublisher, type Logger } from '@energy/service-kit';

/**
 * Feeds the ingest's internal telemetry stream (many readings per message, each device in order) to
 * `onReadings`, on the service's one bus connection. QoS 0: a lost reading costs one sample of the
 * appliance monitor, never stored data.
 */
export async function feedTelemetry(bus: BusPublisher, logger: Logger, onReadings: (readings: Telemetry[]) => void): Promise<void> {
  const errorLog = new RateLimitedLog(30_000);
  bus.client.on('message', (topic, payload) => {
    if (!isTelemetryBatchTopic(topic)) return;
    try {
      const readings = telemetryOfBatch(JSON.parse(payload.toString('utf8')));
      if (readings) onReadings(readings);
    } catch {
      if (errorLog.allow('payload') !== null) logger.warn('ignored a telemetry message that is not JSON');
    }
  });
  await bus.subscribe([TELEMETRY_BATCH_FILTER], 0);
}
