import { Module } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/env';
import { ExportController } from './export.controller';
import { ExportRepository } from './export.repository';
import { ExportService } from './export.service';
import { ExportSlots } from './export-slots';

@Module({
  controllers: [ExportController],
  providers: [ExportService, ExportRepository, { provide: ExportSlots, inject: [GATEWAY_CONFIG], useFactory: (config: GatewayConfig) => new ExportSlots(config.exports) }],
})
export class ExportModule {}
