import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { RulesModule } from '../rules/rules.module';
import { SheddingModule } from '../shedding/shedding.module';
import { DailyEnergyRepository } from './daily-energy.repository';
import { DeviceEventsController } from './device-events.controller';
import { EvaluationService } from './evaluation.service';

@Module({
  imports: [RulesModule, AlertsModule, SheddingModule],
  controllers: [DeviceEventsController],
  providers: [DailyEnergyRepository, EvaluationService],
  exports: [EvaluationService],
})
export class EvaluationModule {}
