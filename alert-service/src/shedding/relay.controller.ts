import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, MqttContext, Payload } from '@nestjs/microservices';
import {
  alertRestoreLoadRequestSchema,
  parseRelayRequest,
  parseRelayRequestTopic,
  RELAY_REQUEST_FILTER,
  relaySetRequestSchema,
  servicePatterns,
  type AlertServiceReply,
  type RelayCommandRecord,
} from '@energy/contracts';
import { toRelayCommandRecord } from '@energy/db';
import { RateLimitedLog, type Logger } from '@energy/service-kit';
import { reply } from '../bus/replies';
import { LOGGER } from '@energy/service-kit/nest';
import { RelayControlService } from './relay-control.service';
import { SheddingService } from './shedding.service';

class InvalidRelayRequestError extends Error {
  readonly code = 'invalid';
}

const issues = (error: { issues: { path: PropertyKey[]; message: string }[] }) => error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ');

/**
 * Manual relay control (issue 17): the gateway's requests (`svc/alert/relay/set`, an alert's
 * `svc/alert/alerts/restore-load`) and third-party tools' `svc/relay/{account}/{deviceId}/set`, all
 * through RelayControlService, the path load shedding takes.
 */
@Controller()
export class RelayController {
  private readonly badRequestLog = new RateLimitedLog(60_000);

  constructor(
    private readonly relays: RelayControlService,
    private readonly shedding: SheddingService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @MessagePattern(servicePatterns.relaySet)
  set(@Payload() payload: unknown): Promise<AlertServiceReply<RelayCommandRecord>> {
    return reply(this.logger, servicePatterns.relaySet, async () => {
      const request = relaySetRequestSchema.safeParse(payload);
      if (!request.success) throw new InvalidRelayRequestError(`invalid relay request: ${issues(request.error)}`);
      const { deviceId, state, by } = request.data;
      const row = await this.relays.request({ deviceId, state, source: 'api', by, alertId: null, reason: `switched ${state} by ${by}` });
      return toRelayCommandRecord(row, this.relays.ttlMs);
    });
  }

  @MessagePattern(servicePatterns.alertRestoreLoad)
  restoreLoad(@Payload() payload: unknown): Promise<AlertServiceReply<RelayCommandRecord>> {
    return reply(this.logger, servicePatterns.alertRestoreLoad, async () => {
      const request = alertRestoreLoadRequestSchema.safeParse(payload);
      if (!request.success) throw new InvalidRelayRequestError(`invalid restore-load request: ${issues(request.error)}`);
      return toRelayCommandRecord(await this.shedding.restoreLoad(request.data.alertId, request.data.by), this.relays.ttlMs);
    });
  }

  /** A third-party tool's switch (Home Assistant's `command_topic`). The broker checked who may publish here. */
  @EventPattern<string>(RELAY_REQUEST_FILTER)
  onMqttRequest(@Payload() payload: unknown, @Ctx() ctx: MqttContext): void {
    const topic = parseRelayRequestTopic(ctx.getTopic());
    const state = parseRelayRequest(typeof payload === 'string' ? payload : JSON.stringify(payload ?? ''));
    if (!topic || !state) {
      const suppressed = this.badRequestLog.allow(ctx.getTopic());
      if (suppressed !== null) this.logger.warn({ topic: ctx.getTopic(), suppressed }, 'ignored: not a relay request (ON, OFF or {"state":"on"|"off"} on svc/relay/{account}/{deviceId}/set)');
      return;
    }
    const by = `mqtt:${topic.account}`;
    this.relays
      .request({ deviceId: topic.deviceId, state, source: 'mqtt', by, alertId: null, reason: `switched ${state} by ${by}` })
      .catch((err: Error) => this.logger.error({ deviceId: topic.deviceId, by, err: err.message }, 'relay request failed'));
  }
}
