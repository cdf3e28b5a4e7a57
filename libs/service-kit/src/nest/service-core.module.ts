import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../clock';
import { CLOCK, CONFIG, DATABASE, LOGGER } from './tokens';

/** What the bootstrap built before Nest starts; the database is the service's own (`@energy/db`'s port). */
export interface ServiceCoreDeps {
  config: unknown;
  logger: Logger;
  database?: unknown;
  clock?: Clock;
  /** Further process-wide values or classes the service builds at start (its metrics, bus publisher...). */
  providers?: Provider[];
}

/**
 * The one root plumbing module of every Nest service: CONFIG, LOGGER, DATABASE and CLOCK (and the
 * service's extra providers), global so feature modules inject them without importing anything.
 */
@Global()
@Module({})
export class ServiceCoreModule {
  static forRoot(deps: ServiceCoreDeps): DynamicModule {
    const providers: Provider[] = [
      { provide: CONFIG, useValue: deps.config },
      { provide: LOGGER, useValue: deps.logger },
      { provide: CLOCK, useValue: deps.clock ?? systemClock },
      ...(deps.database === undefined ? [] : [{ provide: DATABASE, useValue: deps.database }]),
      ...(deps.providers ?? []),
    ];
    return { module: ServiceCoreModule, providers, exports: providers.map(tokenOf) };
  }
}

function tokenOf(provider: Provider) {
  return typeof provider === 'function' ? provider : provider.provide;
}
