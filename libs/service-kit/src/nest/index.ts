// The Nest side of the service skeleton, apart from the index so the broker and the tools never load Nest.
export * from './tokens';
export * from './service-core.module';
