import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './service-process';

export const DASHBOARD_DIR = join(REPO_ROOT, 'dashboard-angular');
export const DASHBOARD_DIST = join(DASHBOARD_DIR, 'dist', 'dashboard-angular', 'browser');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === '.angular') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when the production build is missing or older than any dashboard source file. */
export function dashboardBuildIsStale(): boolean {
  if (!existsSync(join(DASHBOARD_DIR, 'angular.json'))) return false;
  const index = join(DASHBOARD_DIST, 'index.html');
  if (!existsSync(index)) return true;
  return newestMtime(DASHBOARD_DIR) > statSync(index).mtimeMs;
}

/** Builds the dashboard once when it is missing or stale (the gateway serves the build). */
export async function ensureDashboardBuilt(log: (line: string) => void): Promise<void> {
  if (!dashboardBuildIsStale()) return;
  log('building the dashboard (once; rebuilt only when its sources change)…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('@angular/cli/bin/ng.js'), 'build', '--configuration', 'production'], {
      cwd: DASHBOARD_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
    });
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach(log));
    child.stderr.on('data', (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach(log));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`dashboard build failed with exit code ${code}`))));
  });
}
