import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The real household file the issue measures on (../shared/datasets beside the repository). */
export const DEV_DATASET = join(__dirname, '..', '..', '..', 'shared', 'datasets', 'household-1min', 'dev.csv.gz');

export function requireDevDataset(): string {
  if (!existsSync(DEV_DATASET)) throw new Error(`the dev dataset is missing: expected ${DEV_DATASET} (see ../shared/datasets/household-1min/README.md)`);
  return DEV_DATASET;
}
