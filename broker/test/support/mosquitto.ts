import { execFile, spawn } from 'node:child_process';

export interface MosquittoResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs Debian's mosquitto_pub/mosquitto_sub (package mosquitto-clients), a client none of us wrote. */
export function mosquitto(tool: 'mosquitto_pub' | 'mosquitto_sub', args: string[], timeoutMs = 5_000): Promise<MosquittoResult> {
  return new Promise((resolve) => {
    execFile(tool, args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? ((err as unknown as { code: number }).code) : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A long-running mosquitto_sub printing `topic payload` lines. */
export function startMosquittoSub(args: string[]) {
  const child = spawn('mosquitto_sub', ['-v', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    lines: () => stdout.split('\n').filter(Boolean),
    stderr: () => stderr,
    exited,
    async waitFor(predicate: (line: string) => boolean, timeoutMs = 3_000): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (stdout.split('\n').some(predicate)) return true;
        await new Promise((r) => setTimeout(r, 25));
      }
      return false;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function requireMosquittoClients(): void {
  // Fail loudly rather than skip: these tests are the broker's check against a foreign client.
  const { status } = require('node:child_process').spawnSync('mosquitto_pub', ['--help']);
  if (status === null) throw new Error('mosquitto-clients is not installed: apt-get install -y mosquitto-clients');
}
