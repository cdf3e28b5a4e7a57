import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, MqttContext, Payload } from '@nestjs/microservices';
import { analyticsTopics, filters, findingMessageSchema, parseDeviceStatus, parseTopic, relayReportSchema, TELEMETRY_BATCH_FILTER, telemetryOfBatch, type FindingMessage } from '@energy/contracts';
import { RateLimitedLog, type Logger } from '@energy/service-kit';
import { LOGGER } from '@energy/service-kit/nest';
import { AlertMetrics } from '../observability/metrics';
import { RelayControlService } from '../shedding/relay-control.service';
import { EvaluationService } from './evaluation.service';

/**
 * Device events from the bus. Handlers only hand events to the per-device queue, synchronously, so
 * the queue sees them in the order the broker delivered them.
 *
 * Readings come from the ingest's internal stream (`svc/{partition}/telemetry`): many per message,
 * each device always in the same partition, so its readings arrive in the order the ingest accepted
 * them. (The per-device `energy/{id}/telemetry` is for third parties; reading both would judge
 * every reading twice.)
 */
@Controller()
export class DeviceEventsController {
  private readonly badPayloadLog = new RateLimitedLog(60_000);

  constructor(
    private readonly evaluation: EvaluationService,
    private readonly relays: RelayControlService,
    private readonly metrics: AlertMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern<string>(TELEMETRY_BATCH_FILTER)
  onTelemetryBatch(@Payload() payload: unknown, @Ctx() ctx: MqttContext): void {
    const readings = telemetryOfBatch(payload);
    if (!readings) return this.ignored(ctx.getTopic(), 'not a telemetry batch');
    for (const reading of readings) this.evaluation.onTelemetry(reading);
  }

  @EventPattern<string>(filters.allStatus)
  onStatus(@Payload() payload: unknown, @Ctx() ctx: MqttContext): void {
    const topic = parseTopic(ctx.getTopic());
    const status = parseDeviceStatus(typeof payload === 'string' ? payload : JSON.stringify(payload ?? ''));
    if (!topic || !status) return; // an empty retained message clears the status; nothing to evaluate
    this.evaluation.onStatus(topic.deviceId, status);
  }

  @EventPattern<string>(filters.allRelayStates)
  onRelay(@Payload() payload: unknown, @Ctx() ctx: MqttContext): void {
    const topic = parseTopic(ctx.getTopic());
    const report = relayReportSchema.safeParse(payload);
    if (!topic || !report.success) return this.ignored(ctx.getTopic(), 'not a relay report');
    this.relays.onRelayReport(topic.deviceId, report.data);
  }

  /** The analytics service's findings, for unusual_consumption rules; anything else on the topic is refused with the reason. */
  @EventPattern<string>(analyticsTopics.allFindings)
  onFinding(@Payload() payload: unknown, @Ctx() ctx: MqttContext): void {
    const topic = parseTopic(ctx.getTopic());
    const finding = findingMessageSchema.safeParse(payload);
    if (!topic || !finding.success || finding.data.device_id !== topic.deviceId) this.metrics.findingsRefused.inc();
    if (!topic || !finding.success) return this.ignored(ctx.getTopic(), `not a finding: ${finding.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') ?? 'no device in the topic'}`);
    if (finding.data.device_id !== topic.deviceId) return this.ignored(ctx.getTopic(), `not a finding: device_id ${finding.data.device_id} is not the topic's device`);
    this.evaluation.onFinding(finding.data as FindingMessage);
  }

  private ignored(topic: string, why: string): void {
    const suppressed = this.badPayloadLog.allow(topic);
    if (suppressed !== null) this.logger.warn({ topic, suppressed }, `ignored: ${why}`);
  }
}
