import { BadRequestException, Inject, Injectable, NotFoundException, ServiceUnavailableException, type OnApplicationShutdown } from '@nestjs/common';
import { ANALYTICS_REQUESTS_FILTER, type AnalyticsReply } from '@energy/contracts';
import { BusRequestClient } from '@energy/service-kit';
import { randomBytes } from 'node:crypto';
import type { GatewayConfig } from '../config/env';
import { CONFIG } from '@energy/service-kit/nest';

/** Most answers come from memory; the past week's forecasts are replayed from the rollups on the first ask in an hour. */
export const ANALYTICS_TIMEOUT_MS = 5_000;
export const ANALYTICS_REPLAY_TIMEOUT_MS = 30_000;

/**
 * Requests to the analytics service over the bus (its NestJS MessagePattern handlers, account
 * `gateway`, `svc/analytics/...`), as the gateway asks the alert service: no network path to the
 * analytics pod. One connection, subscribed to the replies once (BusRequestClient).
 * Its `{ ok: false, code }` replies become HTTP errors here.
 */
@Injectable()
export class AnalyticsServiceClient implements OnApplicationShutdown {
  private client: BusRequestClient | null = null;

  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  async request<T>(pattern: string, payload: unknown, timeoutMs = ANALYTICS_TIMEOUT_MS): Promise<T> {
    let reply: AnalyticsReply<T>;
    try {
      reply = await this.connection().request<AnalyticsReply<T>>(pattern, payload, timeoutMs);
    } catch (err) {
      throw new ServiceUnavailableException(`the analytics service is unavailable: ${(err as Error).message}`);
    }
    if (reply && reply.ok === true) return reply.value;
    if (reply && reply.ok === false) {
      if (reply.code === 'not_found') throw new NotFoundException(reply.error);
      throw new BadRequestException(reply.error);
    }
    throw new ServiceUnavailableException('the analytics service sent an unexpected reply');
  }

  private connection(): BusRequestClient {
    if (!this.client) {
      const { url, username, password } = this.config.mqtt;
      this.client = new BusRequestClient({ url, username, password, clientId: `gateway-analytics-${randomBytes(4).toString('hex')}`, replyFilter: `${ANALYTICS_REQUESTS_FILTER}/reply` });
    }
    return this.client;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.close().catch(() => undefined);
    this.client = null;
  }
}
