import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('quiet-packet-debug (the first import of main.ts)', () => {
  it("runs before mqtt-packet is loaded, so mqtt.js's packet parser and writer log through silent loggers", () => {
    // A fresh process, as main.ts starts: jest's module registry would hide what node loads first.
    const probe = `
      require(${JSON.stringify(join(__dirname, 'quiet-packet-debug.ts'))});
      const packageDir = require('node:path').dirname(require.resolve('mqtt-packet/package.json', { paths: [${JSON.stringify(ROOT)}] }));
      const debug = require(require.resolve('debug', { paths: [packageDir] }));
      console.log(JSON.stringify({ quieted: debug.quieted === true, parserEnabled: debug('mqtt-packet:parser').enabled }));
    `;
    const dir = mkdtempSync(join(tmpdir(), 'quiet-packet-debug-'));
    try {
      writeFileSync(join(dir, 'probe.js'), probe);
      const out = execFileSync(process.execPath, [join(ROOT, 'tools', 'run-ts.cjs'), join(dir, 'probe.js')], { cwd: ROOT, env: { ...process.env, DEBUG: undefined }, encoding: 'utf8' });
      expect(JSON.parse(out.trim())).toEqual({ quieted: true, parserEnabled: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
