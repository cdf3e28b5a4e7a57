import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Database } from '@energy/db';
import { runHealthChecks, BusPublisher } from '@energy/service-kit';
import { AnalyticsMetrics } from '../observability/metrics';
import { DATABASE } from '@energy/service-kit/nest';

interface PlainResponse {
  status(code: number): PlainResponse;
  setHeader(name: string, value: string): void;
  json(body: unknown): void;
  send(body: string): void;
}

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly bus: BusPublisher,
    private readonly metrics: AnalyticsMetrics,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Checks the database and the bus; 503 names what failed.' })
  async health(@Res() res: PlainResponse): Promise<void> {
    const result = await runHealthChecks({
      database: () => this.db.ping(),
      bus: () => {
        if (!this.bus.connected) throw new Error('not connected to the broker');
      },
    });
    res.status(result.status === 'ok' ? 200 : 503).json(result);
  }

  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics.' })
  async prometheus(@Res() res: PlainResponse): Promise<void> {
    res.setHeader('content-type', this.metrics.registry.contentType);
    res.send(await this.metrics.registry.metrics());
  }
}
