import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
/** Git-ignored: screenshots and logs of the browser tests. */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'test-artifacts');
export const SCREENSHOTS_DIR = join(ARTIFACTS_DIR, 'screenshots');
