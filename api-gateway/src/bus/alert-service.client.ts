import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException, ServiceUnavailableException, type OnApplicationShutdown } from '@nestjs/common';
import { ClientMqtt } from '@nestjs/microservices';
import type { AlertServiceReply } from '@energy/contracts';
import { randomBytes } from 'node:crypto';
import { firstValueFrom, timeout } from 'rxjs';
import type { GatewayConfig } from '../config/env';
import { CONFIG } from '@energy/service-kit/nest';

export const ALERT_SERVICE_TIMEOUT_MS = 5_000;

/**
 * Requests to the alert service over the bus (NestJS request/reply over MQTT). Only the alert
 * service writes rules and alerts; its `{ ok: false, code }` replies become HTTP errors here.
 */
@Injectable()
export class AlertServiceClient implements OnApplicationShutdown {
  private client: ClientMqtt | null = null;

  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  async request<T>(pattern: string, payload: unknown): Promise<T> {
    let reply: AlertServiceReply<T>;
    try {
      reply = await firstValueFrom(this.connection().send<AlertServiceReply<T>>(pattern, payload).pipe(timeout(ALERT_SERVICE_TIMEOUT_MS)));
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${ALERT_SERVICE_TIMEOUT_MS / 1000} s` : (err as Error).message;
      throw new ServiceUnavailableException(`the alert service is unavailable: ${reason}`);
    }
    if (reply && reply.ok === true) return reply.value;
    if (reply && reply.ok === false) {
      if (reply.code === 'not_found') throw new NotFoundException(reply.error);
      if (reply.code === 'conflict') throw new ConflictException(reply.error);
      throw new BadRequestException(reply.error);
    }
    throw new ServiceUnavailableException('the alert service sent an unexpected reply');
  }

  private connection(): ClientMqtt {
    if (!this.client) {
      const { url, username, password } = this.config.mqtt;
      this.client = new ClientMqtt({ url, username, password, clientId: `gateway-rpc-${randomBytes(4).toString('hex')}`, reconnectPeriod: 1_000, connectTimeout: 5_000 });
    }
    return this.client;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.close().catch(() => undefined);
    this.client = null;
  }
}
