import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs a snippet in a fresh node process (jest's module registry does not share require.cache). */
function run(script: string, env: Record<string, string | undefined> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'quiet-debug-'));
  try {
    const file = join(dir, 'probe.js');
    writeFileSync(file, script);
    return execFileSync(process.execPath, [join(ROOT, 'tools', 'run-ts.cjs'), file], { cwd: ROOT, env: { ...process.env, DEBUG: undefined, ...env }, encoding: 'utf8' }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('quietDebugOf', () => {
  const probe = `
    const { quietDebugOf } = require('${join(ROOT, 'libs/service-kit/src/quiet-debug.ts')}');
    const changed = quietDebugOf('mqtt-packet');
    const packageDir = require('node:path').dirname(require.resolve('mqtt-packet/package.json', { paths: ['${ROOT}'] }));
    const debug = require(require.resolve('debug', { paths: [packageDir] }));
    const parser = debug('mqtt-packet:parser');
    const calls = [];
    parser.log = (...a) => calls.push(a);
    parser('a %s', 'b');
    console.log(JSON.stringify({ changed, enabled: parser.enabled, namespace: parser.namespace, calls: calls.length }));
  `;

  it("gives mqtt-packet's debug silent loggers when DEBUG does not name them", () => {
    expect(JSON.parse(run(probe))).toEqual({ changed: true, enabled: false, namespace: 'mqtt-packet:parser', calls: 0 });
  });

  it('changes nothing, and says so, once mqtt-packet is loaded (its loggers exist by then)', () => {
    const late = `require(require.resolve('mqtt-packet', { paths: ['${ROOT}'] }));\n${probe}`;
    expect(JSON.parse(run(late))).toMatchObject({ changed: false });
  });

  it('leaves the loggers DEBUG enables at start-up working', () => {
    expect(JSON.parse(run(probe, { DEBUG: 'mqtt-packet:*' }))).toMatchObject({ changed: true, enabled: true, calls: 1 });
  });
});
