import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { RulesModule } from '../rules/rules.module';
import { RelayCommandsRepository } from './relay-commands.repository';
import { RelayControlService } from './relay-control.service';
import { RelayController } from './relay.controller';
import { SheddingService } from './shedding.service';

@Module({
  imports: [AlertsModule, RulesModule],
  controllers: [RelayController],
  providers: [RelayCommandsRepository, RelayControlService, SheddingService],
  exports: [RelayControlService, SheddingService],
})
export class SheddingModule {}
