import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { RulesModule } from '../rules/rules.module';
import { RelayCommandsRepository } from './relay-commands.repository';
import { SheddingService } from './shedding.service';

@Module({ imports: [AlertsModule, RulesModule], providers: [RelayCommandsRepository, SheddingService], exports: [SheddingService] })
export class SheddingModule {}
