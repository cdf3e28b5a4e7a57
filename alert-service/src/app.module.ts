import { Module, type DynamicModule } from '@nestjs/common';
import { AlertsModule } from './alerts/alerts.module';
import { CoreModule, type CoreDeps } from './core/core.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RulesModule } from './rules/rules.module';
import { SheddingModule } from './shedding/shedding.module';

@Module({})
export class AppModule {
  static register(deps: CoreDeps): DynamicModule {
    return { module: AppModule, imports: [CoreModule.forRoot(deps), RulesModule, NotificationsModule, AlertsModule, SheddingModule, EvaluationModule] };
  }
}
