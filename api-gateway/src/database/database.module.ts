import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { migrate, openDatabase, type Database } from '@energy/db';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/env';

/** Injection token for the storage port (MySQL or embedded SQLite). */
export const DATABASE = Symbol('DATABASE');

class DatabaseCloser implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly owned: boolean,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.owned) await this.db.close();
  }
}

/**
 * Opens and migrates the database once. A database handed in (tests, the stack runner's shared
 * handle) is used as is and left open for its owner to close.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(existing?: Database): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DATABASE,
          inject: [GATEWAY_CONFIG],
          useFactory: async (config: GatewayConfig) => {
            if (existing) return existing;
            const db = openDatabase(config.database);
            await migrate(db);
            return db;
          },
        },
        { provide: DatabaseCloser, inject: [DATABASE], useFactory: (db: Database) => new DatabaseCloser(db, !existing) },
      ],
      exports: [DATABASE],
    };
  }
}
