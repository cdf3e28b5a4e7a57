import { Module } from '@nestjs/common';
import type { GatewayConfig } from '../config/env';
import { CONFIG } from '@energy/service-kit/nest';
import { ExportController } from './export.controller';
import { ExportRepository } from './export.repository';
import { ExportService } from './export.service';
import { ExportSlots } from './export-slots';

@Module({
  controllers: [ExportController],
  providers: [ExportService, ExportRepository, { provide: ExportSlots, inject: [CONFIG], useFactory: (config: GatewayConfig) => new ExportSlots(config.exports) }],
})
export class ExportModule {}
