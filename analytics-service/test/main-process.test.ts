import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestBroker } from '@energy/broker/testing';

const REPO_ROOT = join(__dirname, '..', '..');

function runMain(env: Record<string, string>) {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'tools', 'run-ts.cjs'), 'analytics-service/src/main.ts'], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, ...env } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

describe('analytics-service/src/main.ts as a process', () => {
  it('refuses a wrong configuration with exit code 78, naming the variable', async () => {
    const run = runMain({ MQTT_URL: 'http://not-mqtt' });
    expect(await run.exited).toBe(78);
    expect(run.output()).toContain('MQTT_URL: must be a URL starting with mqtt://');
  });

  it('starts, answers /health, and stops cleanly on SIGTERM', async () => {
    const broker = await startTestBroker();
    const dir = mkdtempSync(join(tmpdir(), 'analytics-main-'));
    const run = runMain({ MQTT_URL: broker.url, MQTT_PASSWORD: broker.servicePasswords.analytics, SQLITE_PATH: join(dir, 'energy.sqlite'), HTTP_PORT: '0', HTTP_HOST: '127.0.0.1' });
    try {
      for (let i = 0; i < 200 && !run.output().includes('analytics service started'); i++) await new Promise((r) => setTimeout(r, 100));
      const port = Number(/"port":(\d+)/.exec(run.output())?.[1]);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(run.output()).toContain('"msg":"stopped"');
    } finally {
      run.child.kill('SIGKILL');
      await broker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
