import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * Loads `entryFile` first in a fresh node process, as a service's main.ts starts (jest's module
 * registry would hide what node loads first), then reports the state of mqtt-packet's debug loggers.
 */
export function packetDebugAfterLoading(entryFile: string): { quieted: boolean; parserEnabled: boolean } {
  const probe = `
    require(${JSON.stringify(entryFile)});
    const packageDir = require('node:path').dirname(require.resolve('mqtt-packet/package.json', { paths: [${JSON.stringify(ROOT)}] }));
    const debug = require(require.resolve('debug', { paths: [packageDir] }));
    console.log(JSON.stringify({ quieted: debug.quieted === true, parserEnabled: debug('mqtt-packet:parser').enabled }));
  `;
  const dir = mkdtempSync(join(tmpdir(), 'quiet-packet-debug-'));
  try {
    writeFileSync(join(dir, 'probe.js'), probe);
    const out = execFileSync(process.execPath, [join(ROOT, 'tools', 'run-ts.cjs'), join(dir, 'probe.js')], { cwd: ROOT, env: { ...process.env, DEBUG: undefined }, encoding: 'utf8' });
    return JSON.parse(out.trim()) as { quieted: boolean; parserEnabled: boolean };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
