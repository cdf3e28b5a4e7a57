import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, MqttContext, Payload } from '@nestjs/microservices';
import { filters, parseDeviceStatus, parseTopic, relayReportSchema, type Telemetry } from '@energy/contracts';
import { RateLimitedLog, type Logger } from '@energy/service-kit';
import { LOGGER } from '../core/tokens';
import { SheddingService } from '../shedding/shedding.service';
import { EvaluationService } from './evaluation.service';

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The ingest already validated the reading; this only guards against a foreign publisher. */
function asTelemetry(payload: unknown, deviceId: string): Telemetry | null {
  const t = payload as Partial<Telemetry> | null;
  if (!t || typeof t !== 'object' || t.device_id !== deviceId) return null;
  if (!isNum(t.ts) || !isNum(t.voltage_v) || !isNum(t.current_a) || !isNum(t.power_w)) return null;
  return t as Telemetry;
}

/**
 * Device events from the bus. Handlers only hand events to the per-device queue, synchronously, so
 * the queue sees them in the order the broker delivered them.
 */
@Controller()
export class DeviceEventsController {
  private readonly badPayloadLog = new RateLimitedLog(60_000);

  constructor(
    private readonly evaluation: EvaluationService,
    private readonly shedding: SheddingService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern<string>(filters.allTelemetry)
  onTelemetry(@Payload() payload: unknown, @Ctx() ctx: MqttContext): void {
    const topic = parseTopic(ctx.getTopic());
    const reading = topic && asTelemetry(payload, topic.deviceId);
    if (!reading) return this.ignored(ctx.getTopic(), 'not a telemetry payload');
    this.evaluation.onTelemetry(reading);
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
    this.shedding.onRelayReport(topic.deviceId, report.data);
  }

  private ignored(topic: string, why: string): void {
    const suppressed = this.badPayloadLog.allow(topic);
    if (suppressed !== null) this.logger.warn({ topic, suppressed }, `ignored: ${why}`);
  }
}
