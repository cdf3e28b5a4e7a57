import { Controller, Inject, NotFoundException } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  analyticsConsumersRequestSchema,
  analyticsDeviceRequestSchema,
  analyticsFindingsRequestSchema,
  analyticsPatterns,
  analyticsSignaturesRequestSchema,
  renameSignatureRequestSchema,
  type AnalyticsReply,
  type ConsumersView,
  type FindingsReply,
  type ForecastMessage,
  type ForecastVsActual,
  type SignatureView,
} from '@energy/contracts';
import type { Logger } from '@energy/service-kit';
import type { z } from 'zod';
import { AnalyticsMetrics } from '../observability/metrics';
import { LOGGER } from '@energy/service-kit/nest';
import { FindingsService } from '../findings/findings.service';
import { ForecastsService } from '../forecasts/forecasts.service';
import { SignaturesService } from '../signatures/signatures.service';

/** Signatures a reply carries at most (the most energy first), so it fits one bus message. */
export const MAX_SIGNATURES_PER_REPLY = 40;

/**
 * The gateway's requests over the bus (svc/analytics/...), answered from the same services as the
 * HTTP API. Bad input is refused with `invalid` and the reason, counted and logged, never thrown.
 */
@Controller()
export class AnalyticsRequestsController {
  constructor(
    private readonly forecasts: ForecastsService,
    private readonly findings: FindingsService,
    private readonly signatures: SignaturesService,
    private readonly metrics: AnalyticsMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @MessagePattern(analyticsPatterns.forecast)
  forecast(@Payload() payload: unknown): Promise<AnalyticsReply<ForecastMessage>> {
    return this.answer(analyticsPatterns.forecast, analyticsDeviceRequestSchema, payload, async ({ deviceId }) => {
      const forecast = this.forecasts.latestFor(deviceId);
      if (!forecast) throw new NotFoundException(`no forecast for ${deviceId} yet (it needs about 3 weeks of history)`);
      return forecast;
    });
  }

  @MessagePattern(analyticsPatterns.forecastVsActual)
  forecastVsActual(@Payload() payload: unknown): Promise<AnalyticsReply<ForecastVsActual>> {
    return this.answer(analyticsPatterns.forecastVsActual, analyticsDeviceRequestSchema, payload, async ({ deviceId }) => {
      const result = await this.forecasts.pastWeek(deviceId);
      if (!result) throw new NotFoundException(`no readings of ${deviceId} in the history window`);
      return result;
    });
  }

  @MessagePattern(analyticsPatterns.findings)
  list(@Payload() payload: unknown): Promise<AnalyticsReply<FindingsReply>> {
    return this.answer(analyticsPatterns.findings, analyticsFindingsRequestSchema, payload, async ({ deviceId, limit }) => {
      const all = this.findings.list(deviceId);
      return { findings: all.slice(0, limit), truncated: all.length > limit };
    });
  }

  @MessagePattern(analyticsPatterns.signatures)
  listSignatures(@Payload() payload: unknown): Promise<AnalyticsReply<SignatureView[]>> {
    return this.answer(analyticsPatterns.signatures, analyticsSignaturesRequestSchema, payload, async ({ deviceId }) =>
      [...this.signatures.signatures(deviceId)].sort((a, b) => b.energyWh - a.energyWh).slice(0, MAX_SIGNATURES_PER_REPLY),
    );
  }

  @MessagePattern(analyticsPatterns.renameSignature)
  rename(@Payload() payload: unknown): Promise<AnalyticsReply<SignatureView>> {
    return this.answer(analyticsPatterns.renameSignature, renameSignatureRequestSchema, payload, ({ deviceId, signatureId, name }) => this.signatures.rename(deviceId, signatureId, name));
  }

  @MessagePattern(analyticsPatterns.consumers)
  consumers(@Payload() payload: unknown): Promise<AnalyticsReply<ConsumersView>> {
    return this.answer(analyticsPatterns.consumers, analyticsConsumersRequestSchema, payload, ({ deviceId, hours }) => this.signatures.consumers(deviceId, hours));
  }

  private async answer<S extends z.ZodType, T>(pattern: string, schema: S, payload: unknown, work: (request: z.output<S>) => Promise<T>): Promise<AnalyticsReply<T>> {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const error = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
      this.metrics.requestsRefused.inc({ pattern, code: 'invalid' });
      this.logger.warn({ pattern, err: error }, 'request refused');
      return { ok: false, code: 'invalid', error };
    }
    try {
      return { ok: true, value: await work(parsed.data) };
    } catch (err) {
      if (err instanceof NotFoundException) {
        this.metrics.requestsRefused.inc({ pattern, code: 'not_found' });
        return { ok: false, code: 'not_found', error: err.message };
      }
      throw err;
    }
  }
}
