import { Module } from '@nestjs/common';
import { AlertRulesStore, type Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';

@Module({
  controllers: [RulesController],
  providers: [RulesService, { provide: AlertRulesStore, useFactory: (db: Database) => new AlertRulesStore(db), inject: [DATABASE] }],
})
export class RulesModule {}
