import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Database } from '@energy/db';
import type { Logger } from '@energy/service-kit';
import type { AlertConfig } from '../config/env';
import { DeviceQueue } from '../shared/device-queue';
import type { Notifier } from '../shared/notifier';
import { BusPublisher } from '../bus/bus-publisher';
import type { Clock } from './clock';
import { DeviceNames } from '../devices/device-names';
import { AlertMetrics } from '../observability/metrics';
import { ALERT_CONFIG, CLOCK, DATABASE, LOGGER, NOTIFIER } from './tokens';

/** What the bootstrap built before Nest starts: config, connections, clock, metrics, the notifier. */
export interface CoreDeps {
  config: AlertConfig;
  db: Database;
  logger: Logger;
  clock: Clock;
  bus: BusPublisher;
  metrics: AlertMetrics;
  notifier: Notifier;
}

@Global()
@Module({})
export class CoreModule {
  static forRoot(deps: CoreDeps): DynamicModule {
    const providers = [
      { provide: ALERT_CONFIG, useValue: deps.config },
      { provide: DATABASE, useValue: deps.db },
      { provide: LOGGER, useValue: deps.logger },
      { provide: CLOCK, useValue: deps.clock },
      { provide: NOTIFIER, useValue: deps.notifier },
      { provide: BusPublisher, useValue: deps.bus },
      { provide: AlertMetrics, useValue: deps.metrics },
      { provide: DeviceQueue, useValue: new DeviceQueue((deviceId, err) => deps.logger.error({ deviceId, err: (err as Error).message }, 'device event failed')) },
      DeviceNames,
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => ('provide' in p ? p.provide : p)) };
  }
}
