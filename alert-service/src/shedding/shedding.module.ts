import { Module } from '@nestjs/common';
import { RelayCommandsStore, type Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';
import { AlertsModule } from '../alerts/alerts.module';
import { RulesModule } from '../rules/rules.module';
import { RelayControlService } from './relay-control.service';
import { RelayController } from './relay.controller';
import { SheddingService } from './shedding.service';

@Module({
  imports: [AlertsModule, RulesModule],
  controllers: [RelayController],
  providers: [{ provide: RelayCommandsStore, useFactory: (db: Database) => new RelayCommandsStore(db), inject: [DATABASE] }, RelayControlService, SheddingService],
  exports: [RelayControlService, SheddingService],
})
export class SheddingModule {}
