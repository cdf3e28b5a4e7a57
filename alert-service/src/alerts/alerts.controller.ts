import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { alertAcknowledgeRequestSchema, servicePatterns, type AlertRecord, type AlertServiceReply } from '@energy/contracts';
import { toAlertRecord } from '@energy/db';
import type { Logger } from '@energy/service-kit';
import { reply } from '../bus/replies';
import { LOGGER } from '@energy/service-kit/nest';
import { AlertsService } from './alerts.service';

class InvalidRequestError extends Error {
  readonly code = 'invalid';
}

@Controller()
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @MessagePattern(servicePatterns.alertAcknowledge)
  acknowledge(@Payload() payload: unknown): Promise<AlertServiceReply<AlertRecord>> {
    return reply(this.logger, servicePatterns.alertAcknowledge, async () => {
      const request = alertAcknowledgeRequestSchema.safeParse(payload);
      if (!request.success) throw new InvalidRequestError(`invalid acknowledge request: ${request.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      return toAlertRecord(await this.alerts.acknowledge(request.data.alertId, request.data.by));
    });
  }
}
