export * from './env';
export * from './secret-strength';
export * from './logger';
export * from './ops-server';
export * from './shutdown';
export * from './nest-logger';
export * from './progress';
