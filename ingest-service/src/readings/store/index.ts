/**
 * The ingest's write model for readings and rollups: the only code that writes (or deletes) rows of
 * `readings`, `reading_conflicts` and `rollup_*`. Readers use `@energy/db`'s read module instead.
 * Exported as `@energy/ingest-service/store` for tests and benches that seed through the real write path.
 */
export { ReadingsRepository } from './readings.repository';
export type { InsertOutcome, SeqConflict, StoredReading } from './stored-reading';
export { DEFAULT_ENERGY_OPTIONS, energyDeltaWh, intervalEnergy, type EnergyOptions, type EnergySample, type IntervalEnergy } from './energy';
export { differingFields, type ReadingIdentity } from './reading-identity';
export { RollupChanges } from './rollup-changes';
