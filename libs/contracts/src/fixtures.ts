import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RejectCode } from './reading';

/** Node-only helper for tests: the golden fixtures listed in fixtures/manifest.json. */
export interface FixtureCase {
  file: string;
  valid: boolean;
  description?: string;
  values?: Record<string, number>;
  code?: RejectCode;
  reason?: string;
  payload: Buffer;
}

export const FIXTURES_DIR = join(__dirname, '..', 'fixtures');

export function loadFixtures(kind: 'reading' | 'uart'): FixtureCase[] {
  const manifest = JSON.parse(readFileSync(join(FIXTURES_DIR, 'manifest.json'), 'utf8')) as { cases: Omit<FixtureCase, 'payload'>[] };
  return manifest.cases
    .filter((c) => c.file.startsWith(`${kind}/`))
    .map((c) => ({ ...c, payload: readFileSync(join(FIXTURES_DIR, c.file)) }));
}
