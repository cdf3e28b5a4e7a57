export * from './database';
export { MysqlDatabase } from './mysql-database';
export { SqliteDatabase } from './sqlite-database';
export * from './open-database';
export { migrate, type MigrationReport } from './migrations/migrate';
export { migrations, type Migration } from './migrations/index';
export * from './devices/secret-hash';
export * from './devices/devices.repository';
export * from './devices/observers.repository';
