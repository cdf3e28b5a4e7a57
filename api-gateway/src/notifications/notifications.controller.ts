import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { servicePatterns, type NotificationTestRequest, type NotificationTestResult } from '@energy/contracts';
import { DuplicateRecipientError, InvalidRecipientError, NotificationRecipientsRepository, type Database, type NotificationRecipient } from '@energy/db';
import { maskPhone } from '@energy/service-kit';
import { z } from 'zod';
import { AdminAccess, CurrentPrincipal } from '../auth/access.decorator';
import { describePrincipal, type Principal } from '../auth/principal';
import { AlertServiceClient } from '../bus/alert-service.client';
import { DATABASE } from '@energy/service-kit/nest';
import { ApiIdParam, ApiZodBody } from '../http/openapi';
import { numericId } from '../http/params';
import { zodPipe } from '../http/zod-validation.pipe';

const createBody = z.strictObject({
  phone: z.string().max(32),
  label: z.string().max(64),
  /** The key CallMeBot sent to this phone; stored, never returned. */
  apikey: z.string().max(128),
});

const RECIPIENT_SCHEMA = {
  type: 'object',
  required: ['id', 'phone', 'label', 'createdAt'],
  properties: { id: { type: 'integer' }, phone: { type: 'string', example: '+49•••••••••78', description: 'masked' }, label: { type: 'string' }, createdAt: { type: 'integer', description: 'epoch ms' } },
};
const TEST_RESULT_SCHEMA = {
  type: 'object',
  required: ['recipientId', 'phone', 'outcome', 'httpStatus', 'error', 'durationMs'],
  properties: {
    recipientId: { type: 'integer' },
    phone: { type: 'string', description: 'masked' },
    outcome: { type: 'string', enum: ['sent', 'failed'] },
    httpStatus: { type: 'integer', nullable: true },
    error: { type: 'string', nullable: true, example: 'CallMeBotDeliveryError: 203 API key incorrect' },
    durationMs: { type: 'integer' },
  },
};

/**
 * WhatsApp recipients for alerts (issue 17): admin only. Each has its own CallMeBot key, which is
 * write-only: accepted here, used by the alert service, never returned. Phones are shown masked.
 */
@ApiTags('notifications')
@Controller('api/v1/notifications/recipients')
@AdminAccess()
export class NotificationsController {
  private readonly recipients: NotificationRecipientsRepository;

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly alertService: AlertServiceClient,
  ) {
    this.recipients = new NotificationRecipientsRepository(db);
  }

  @Get()
  @ApiOperation({ summary: 'WhatsApp recipients, phones masked, never their CallMeBot keys.' })
  @ApiOkResponse({ schema: { type: 'array', items: RECIPIENT_SCHEMA } })
  async list() {
    return (await this.recipients.list()).map(view);
  }

  @Post()
  @ApiOperation({ summary: 'Add a WhatsApp recipient with the CallMeBot key it received; rules without recipients message it.' })
  @ApiZodBody(createBody)
  @ApiOkResponse({ schema: RECIPIENT_SCHEMA })
  async create(@Body(zodPipe(createBody)) body: z.infer<typeof createBody>) {
    try {
      return view(await this.recipients.add({ phone: body.phone, label: body.label, apiKey: body.apikey }));
    } catch (err) {
      if (err instanceof InvalidRecipientError || err instanceof DuplicateRecipientError) throw new BadRequestException(err.message);
      throw err;
    }
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiIdParam()
  @ApiOperation({ summary: 'Remove a WhatsApp recipient and its key.' })
  async remove(@Param('id', zodPipe(numericId)) id: number): Promise<void> {
    if (!(await this.recipients.remove(id))) throw new NotFoundException(`recipient ${id} does not exist`);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiIdParam()
  @ApiOperation({ summary: 'Send a test message through CallMeBot (by the alert service) and answer with the outcome: sent, or failed with CallMeBot\u2019s reason.' })
  @ApiOkResponse({ schema: TEST_RESULT_SCHEMA })
  test(@Param('id', zodPipe(numericId)) id: number, @CurrentPrincipal() principal: Principal): Promise<NotificationTestResult> {
    return this.alertService.request<NotificationTestResult>(servicePatterns.notificationsTest, { recipientId: id, by: describePrincipal(principal).slice(0, 64) } satisfies NotificationTestRequest);
  }
}

const view = (r: NotificationRecipient) => ({ id: r.id, phone: maskPhone(r.phone), label: r.label, createdAt: r.createdMs });
