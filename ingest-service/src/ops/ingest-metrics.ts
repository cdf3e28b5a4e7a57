import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * A counter for every message: a plain number handed to prom-client when /metrics is read (its own
 * inc() hashes the labels on every call).
 */
function tally(name: string, help: string, registry: Registry): { inc(by?: number): void } {
  let pending = 0;
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      if (pending > 0) this.inc(pending);
      pending = 0;
    },
  });
  return {
    inc(by = 1) {
      pending += by;
    },
  };
}

/** Injection token of the ingest's metrics (built with the registry /metrics serves). */
export const INGEST_METRICS = Symbol('INGEST_METRICS');

export function createIngestMetrics(registry: Registry) {
  return {
    received: tally('ingest_messages_received_total', 'Reading messages received from the bus', registry),
    rejected: new Counter({ name: 'ingest_messages_rejected_total', help: 'Reading messages refused, by reason', labelNames: ['reason'], registers: [registry] }),
    stored: new Counter({ name: 'ingest_readings_stored_total', help: 'Readings newly stored', registers: [registry] }),
    duplicates: new Counter({ name: 'ingest_readings_duplicate_total', help: 'Redelivered readings that were already stored', registers: [registry] }),
    seqConflicts: new Counter({
      name: 'ingest_seq_conflicts_total',
      help: 'Readings whose seq was already stored with a different reading (a re-used seq): kept in quarantine, dead-lettered, acked',
      registers: [registry],
    }),
    outOfPlace: new Counter({
      name: 'ingest_readings_out_of_place_total',
      help: 'Late readings whose time does not fit between their seq neighbours: stored without energy, old rollups untouched',
      registers: [registry],
    }),
    acks: new Counter({ name: 'ingest_acks_published_total', help: 'Acks published to devices', registers: [registry] }),
    bufferFull: new Counter({ name: 'ingest_buffer_full_total', help: 'Readings not taken because the buffer was full (devices keep them)', registers: [registry] }),
    buffered: new Gauge({ name: 'ingest_buffered_readings', help: 'Readings waiting to be written', registers: [registry] }),
    writeFailures: new Counter({ name: 'ingest_batch_write_failures_total', help: 'Failed batch writes (retried)', registers: [registry] }),
    batchSeconds: new Histogram({
      name: 'ingest_batch_write_seconds',
      help: 'Time to write and commit one batch',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    databaseUp: new Gauge({ name: 'ingest_database_up', help: '1 when the last batch write succeeded', registers: [registry] }),
  };
}
export type IngestMetrics = ReturnType<typeof createIngestMetrics>;
