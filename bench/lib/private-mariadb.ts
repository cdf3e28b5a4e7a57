import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { freePort } from '@energy/stack';
import { describeMariaDb } from './machine';

export interface PrivateMariaDb {
  /** `mysql://root@127.0.0.1:{port}/` (append a database name). */
  url: string;
  pid: number;
  /** e.g. "MariaDB 10.11.19, 128 MiB buffer pool, innodb_flush_log_at_trx_commit=1". */
  description: string;
  stop(): Promise<void>;
}

/**
 * A MariaDB server of the bench's own, on a free port and a fresh data directory, with the server's
 * defaults (durable commits, 128 MiB buffer pool). Its pid is then the CPU of this run alone: a
 * shared server's CPU would include everything else it serves.
 */
export async function startPrivateMariaDb(): Promise<PrivateMariaDb> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-mariadb-'));
  const data = join(dir, 'data');
  const user = userInfo().username;
  const install = spawnSync('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, `--user=${user}`, '--auth-root-authentication-method=normal', '--skip-test-db'], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`mariadb-install-db failed (is MariaDB installed?): ${install.stderr || install.stdout}`);
  const port = await freePort();
  const child: ChildProcess = spawn(
    'mariadbd',
    ['--no-defaults', `--datadir=${data}`, `--socket=${join(dir, 'sock')}`, `--port=${port}`, '--bind-address=127.0.0.1', `--user=${user}`, '--skip-log-bin', `--log-error=${join(dir, 'error.log')}`],
    { stdio: 'ignore' },
  );
  const url = `mysql://root@127.0.0.1:${port}/`;
  let description = '';
  for (let attempt = 0; ; attempt++) {
    try {
      const conn = await mysql.createConnection(url);
      description = await describeMariaDb({ query: async <T>(sql: string) => (await conn.query(sql))[0] as T[] });
      await conn.end();
      break;
    } catch (err) {
      if (attempt > 100 || child.exitCode !== null) {
        let log = '';
        try {
          log = readFileSync(join(dir, 'error.log'), 'utf8').slice(-2_000);
        } catch {
          // no log yet
        }
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`private MariaDB did not start: ${(err as Error).message}\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    pid: child.pid!,
    description,
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
