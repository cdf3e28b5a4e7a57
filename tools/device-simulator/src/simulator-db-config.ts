import { z } from 'zod';
import { envField, parseEnv } from '@energy/service-kit';
import type { DatabaseSettings } from '@energy/db';

/** The simulator's only environment: where to provision devices. */
export function databaseSettings(env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
  const raw = parseEnv({ DATABASE_URL: envField.url(['mysql']).optional(), SQLITE_PATH: z.string().default('.data/energy.sqlite') }, env);
  return { databaseUrl: raw.DATABASE_URL, sqlitePath: raw.SQLITE_PATH };
}
