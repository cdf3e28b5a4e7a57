import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { haTopics, relayRequestTopic } from '@energy/contracts';
import { IntegrationsRepository, InvalidIntegrationError, ReservedAccountNameError, type Database, type IntegrationRecord } from '@energy/db';
import { z } from 'zod';
import { AdminAccess } from '../auth/access.decorator';
import type { GatewayConfig } from '../config/env';
import { CONFIG, DATABASE } from '@energy/service-kit/nest';
import { ApiZodBody } from '../http/openapi';
import { deviceIdSchema } from '../http/params';
import { zodPipe } from '../http/zod-validation.pipe';

const createBody = z.strictObject({
  username: deviceIdSchema,
  /** The devices whose relay it may switch; absent or null: every device. */
  devices: z.array(deviceIdSchema).max(500, 'must list at most 500 devices; leave it out for every device').nullable().optional(),
});
const usernameParam = zodPipe(deviceIdSchema);

/**
 * Integration accounts for Home Assistant, Node-RED and other MQTT tools (issue 17): admin only, like
 * API keys, since one may switch relays. The secret is shown once, with what to paste into the tool.
 */
@ApiTags('integrations')
@Controller('api/v1/integrations')
@AdminAccess()
export class IntegrationsController {
  private readonly accounts: IntegrationsRepository;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {
    this.accounts = new IntegrationsRepository(db);
  }

  @Get()
  @ApiOperation({ summary: 'Integration accounts (never their secrets), with the broker settings to paste.' })
  async list() {
    return { accounts: (await this.accounts.list()).map((a) => this.view(a)), mqtt: this.mqtt() };
  }

  @Post()
  @ApiOperation({ summary: 'Create an integration account, or give an existing one a new secret and devices. The secret is shown once.' })
  @ApiZodBody(createBody)
  async create(@Body(zodPipe(createBody)) body: z.infer<typeof createBody>) {
    let secret: string;
    try {
      secret = await this.accounts.upsert(body.username, body.devices ?? null);
    } catch (err) {
      if (err instanceof ReservedAccountNameError || err instanceof InvalidIntegrationError) throw new BadRequestException(err.message);
      throw err;
    }
    const account = (await this.accounts.find(body.username))!;
    return { account: this.view(account), secret, mqtt: { ...this.mqtt(), username: account.username, password: secret, relayTopic: relayRequestTopic(account.username, '{deviceId}') } };
  }

  @Delete(':username')
  @HttpCode(204)
  @ApiParam({ name: 'username', description: 'the integration account, e.g. homeassistant' })
  @ApiOperation({ summary: 'Revoke an integration account: its connections are closed within the broker\u2019s REVOCATION_CHECK_MS.' })
  async revoke(@Param('username', usernameParam) username: string): Promise<void> {
    if (!(await this.accounts.revoke(username))) throw new NotFoundException(`integration ${username} does not exist or is already revoked`);
  }

  private view(account: IntegrationRecord) {
    return { username: account.username, devices: account.devices, createdAt: account.createdMs, updatedAt: account.updatedMs, revokedAt: account.revokedMs };
  }

  /** What a tool needs besides its credentials. */
  private mqtt() {
    const { publicHost, publicPort } = this.config.mqtt;
    const ha = this.config.homeAssistant;
    return {
      host: publicHost,
      port: publicPort,
      topicPrefix: 'energy/',
      discoveryPrefix: ha.discoveryPrefix,
      discoveryEnabled: ha.enabled,
      birthTopic: haTopics.birth(ha.discoveryPrefix),
      homeAssistantAccount: ha.account,
    };
  }
}
