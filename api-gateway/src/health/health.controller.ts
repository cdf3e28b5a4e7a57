import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Database } from '@energy/db';
import { runHealthChecks } from '@energy/service-kit';
import type { HttpResponse as Response } from '../http/express-types';
import { Public } from '../auth/access.decorator';
import { BusService } from '../bus/bus.service';
import { DATABASE } from '@energy/service-kit/nest';
import { GatewayMetrics } from './gateway-metrics';

@ApiTags('operations')
@Controller()
@Public()
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly metrics: GatewayMetrics,
    private readonly bus: BusService,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Checks the database and the bus; 503 names what failed.' })
  async health(@Res() res: Response): Promise<void> {
    const result = await runHealthChecks({ database: () => this.db.ping(), bus: () => this.bus.check() });
    res.status(result.status === 'ok' ? 200 : 503).json(result);
  }

  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics.' })
  async prometheus(@Res() res: Response): Promise<void> {
    res.setHeader('content-type', this.metrics.registry.contentType);
    res.send(await this.metrics.registry.metrics());
  }
}
