import 'reflect-metadata';
import { Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { ManualClock, systemClock } from '../clock';
import { ServiceCoreModule } from './service-core.module';
import { CLOCK, CONFIG, DATABASE, LOGGER } from './tokens';

class ServiceMetrics {
  readonly name = 'metrics';
}

/** A feature's provider, in a module that imports nothing: what every service's features look like. */
@Injectable()
class FeatureService {
  constructor(
    @Inject(CONFIG) readonly config: { site: string },
    @Inject(LOGGER) readonly logger: unknown,
    @Inject(CLOCK) readonly clock: { now(): number },
    readonly metrics: ServiceMetrics,
  ) {}
}

@Module({ providers: [FeatureService] })
class FeatureModule {}

@Injectable()
class NeedsDatabase {
  constructor(@Inject(DATABASE) readonly db: unknown) {}
}

@Module({ providers: [NeedsDatabase] })
class DatabaseFeatureModule {}

async function context(root: ReturnType<typeof ServiceCoreModule.forRoot>, feature: object) {
  @Module({ imports: [root, feature as never] })
  class Root {}
  return NestFactory.createApplicationContext(Root, { logger: false, abortOnError: false });
}

describe(ServiceCoreModule.name, () => {
  const logger = pino({ level: 'silent' });

  it('gives every feature module the config, logger, clock, database and extra providers, without importing them', async () => {
    const clock = new ManualClock(1_000);
    const metrics = new ServiceMetrics();
    const db = { ping: () => undefined };
    const app = await context(
      ServiceCoreModule.forRoot({ config: { site: 'home' }, logger, clock, database: db, providers: [{ provide: ServiceMetrics, useValue: metrics }] }),
      FeatureModule,
    );
    const feature = app.get(FeatureService);
    expect(feature.config).toEqual({ site: 'home' });
    expect(feature.logger).toBe(logger);
    expect(feature.clock.now()).toBe(1_000);
    expect(feature.metrics).toBe(metrics);
    expect(app.get(DATABASE)).toBe(db);
    await app.close();
  });

  it('uses the system clock unless one is handed in', async () => {
    const app = await context(ServiceCoreModule.forRoot({ config: {}, logger, providers: [{ provide: ServiceMetrics, useValue: new ServiceMetrics() }] }), FeatureModule);
    expect(app.get(FeatureService).clock).toBe(systemClock);
    await app.close();
  });

  it('provides no DATABASE when none is given, so a feature that needs one fails to start', async () => {
    await expect(context(ServiceCoreModule.forRoot({ config: {}, logger }), DatabaseFeatureModule)).rejects.toThrow(/DATABASE/);
  });
});
