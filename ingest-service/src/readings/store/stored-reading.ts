import type { NewReading } from '@energy/db';

/** A reading as stored, with the energy of the interval (energyFromMs, tsMs] that ends at it. */
export interface StoredReading extends NewReading {
  energyDeltaWh: number;
  energyFromMs: number;
}

/** A reading whose seq is already stored with a different reading (the device re-used the seq). */
export interface SeqConflict {
  reading: NewReading;
  /** Names the seq and the fields that differ. */
  reason: string;
  /** The stored reading that holds the seq; null when that one came in the same batch. */
  storedId: number | null;
}

export interface InsertOutcome {
  inserted: StoredReading[];
  /** Readings already stored before (redeliveries), verified to be the same reading; each still counts as durably stored. */
  duplicates: NewReading[];
  /** Kept in quarantine (`reading_conflicts`), not in readings; each counts as durably kept, so it may be acked. */
  conflicts: SeqConflict[];
  /**
   * Late readings (seq below the newest stored) whose time does not fit between their seq neighbours:
   * a re-used seq. Stored at their own time with no energy, and their neighbours' energy left alone.
   * Also in `inserted`.
   */
  outOfPlace: StoredReading[];
}
