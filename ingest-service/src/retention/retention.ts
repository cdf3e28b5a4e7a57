import type { ReadingsRepository } from '../readings/store';
import type { Logger } from '@energy/service-kit';

const DAY_MS = 86_400_000;

/** Deletes raw readings past the retention period once an hour; rollups stay for ever. */
export function scheduleRetention(repository: Pick<ReadingsRepository, 'deleteRawBefore'>, retentionDays: number, logger: Logger): () => void {
  const run = async () => {
    try {
      const deleted = await repository.deleteRawBefore(Date.now() - retentionDays * DAY_MS);
      if (deleted > 0) logger.info({ deleted, retentionDays }, 'deleted raw readings past retention');
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'retention run failed; will retry next hour');
    }
  };
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, 3_600_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
