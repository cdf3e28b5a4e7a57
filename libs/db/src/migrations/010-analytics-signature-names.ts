import type { Migration } from './migration';

/**
 * The analytics service's table (issue 18): the names users give appliance signatures
 * ("Garage fridge"), so that later runs carry them after a restart. A signature id is stable for the
 * same power and duration (`sig-120w-15m`), so a name finds its signature again once the service has
 * regrouped the runs it sees.
 */
export const analyticsSignatureNamesMigration: Migration = {
  version: 10,
  name: 'analytics_signature_names',
  up: {
    mysql: [
      `CREATE TABLE analytics_signature_names (
  device_id VARCHAR(64) NOT NULL,
  signature_id VARCHAR(32) NOT NULL,
  name VARCHAR(64) NOT NULL,
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (device_id, signature_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    ],
    sqlite: [
      `CREATE TABLE analytics_signature_names (
  device_id TEXT NOT NULL,
  signature_id TEXT NOT NULL,
  name TEXT NOT NULL,
  updated_ms INTEGER NOT NULL,
  PRIMARY KEY (device_id, signature_id)
)`,
    ],
  },
};
