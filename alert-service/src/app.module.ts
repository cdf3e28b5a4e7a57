import { Module, type DynamicModule } from '@nestjs/common';
import type { Database } from '@energy/db';
import { BusPublisher, type Clock, type Logger } from '@energy/service-kit';
import { ServiceCoreModule } from '@energy/service-kit/nest';
import { AlertsModule } from './alerts/alerts.module';
import type { AlertConfig } from './config/env';
import { DeviceNames } from './devices/device-names';
import { EvaluationModule } from './evaluation/evaluation.module';
import { NotificationsModule } from './notifications/notifications.module';
import { AlertMetrics } from './observability/metrics';
import { RulesModule } from './rules/rules.module';
import { DeviceQueue } from './shared/device-queue';
import { NOTIFIER, type Notifier } from './shared/notifier';
import { SheddingModule } from './shedding/shedding.module';

/** What the bootstrap built before Nest starts: config, connections, clock, metrics, the notifier. */
export interface AlertDeps {
  config: AlertConfig;
  db: Database;
  logger: Logger;
  clock: Clock;
  bus: BusPublisher;
  metrics: AlertMetrics;
  notifier: Notifier;
}

@Module({})
export class AppModule {
  static register(deps: AlertDeps): DynamicModule {
    const core = ServiceCoreModule.forRoot({
      config: deps.config,
      logger: deps.logger,
      database: deps.db,
      clock: deps.clock,
      providers: [
        { provide: NOTIFIER, useValue: deps.notifier },
        { provide: BusPublisher, useValue: deps.bus },
        { provide: AlertMetrics, useValue: deps.metrics },
        // Evaluation, alerts and shedding serialise each device's events on this one queue.
        { provide: DeviceQueue, useValue: new DeviceQueue((deviceId, err) => deps.logger.error({ deviceId, err: (err as Error).message }, 'device event failed')) },
        DeviceNames,
      ],
    });
    return { module: AppModule, imports: [core, RulesModule, NotificationsModule, AlertsModule, SheddingModule, EvaluationModule] };
  }
}
