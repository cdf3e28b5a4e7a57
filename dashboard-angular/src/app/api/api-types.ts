// The HTTP API's response shapes and the wire contracts, defined once in libs/contracts.
export type * from '@energy/contracts';
