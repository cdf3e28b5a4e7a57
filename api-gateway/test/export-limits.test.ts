import { startTestBroker } from '@energy/broker/testing';
import { createSqliteTestDatabase, type TestDatabase } from '@energy/db/testing';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { ADMIN_PASSWORD, startGatewayHarness, type GatewayHarness } from './gateway-harness';

/**
 * Issue 16, item 2: a read principal must not be able to stall the database with slow CSV exports.
 * Each test holds exports open with clients that stop reading, and shows that the gateway keeps
 * answering everyone else meanwhile.
 */
const BULK_START = Date.UTC(2025, 0, 1);
const BULK_ROWS = 300_000;
const exportPath = `/api/v1/export.csv?devices=bulk-1&from=${BULK_START}&to=${BULK_START + (BULK_ROWS + 1) * 1000}`;

/** A client that reads the first bytes of an export and then stops reading, holding the response open. */
interface StalledExport {
  status: number;
  /** Resolves when the server ends or cuts the response. */
  closed: Promise<void>;
  abort(): void;
}

function stallExport(baseUrl: string, token: string): Promise<StalledExport> {
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      const closed = new Promise<void>((done) => {
        res.once('close', () => done());
        res.once('error', () => done());
      });
      res.once('data', () => res.pause());
      resolve({ status: res.statusCode ?? 0, closed, abort: () => req.destroy() });
    };
    const req: ClientRequest = httpRequest(`${baseUrl}${exportPath}`, { headers: { authorization: `Bearer ${token}` } }, onResponse);
    req.on('error', (err) => (err.message.includes('socket hang up') ? undefined : reject(err)));
    req.end();
  });
}

/** A request that must answer within `ms`, or the test fails naming it. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} got no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('CSV export limits on MySQL (issue 16)', () => {
  let h: GatewayHarness;
  const open: StalledExport[] = [];

  beforeAll(async () => {
    h = await startGatewayHarness({ EXPORT_IDLE_TIMEOUT_MS: '1500' });
    await h.db.db.execute(
      `INSERT INTO readings (device_id, seq, ts_ms, ts_source, received_ms, voltage_v, current_a, power_w, power_kind, apparent_power_va, energy_delta_wh)
       SELECT 'bulk-1', seq, ? + seq * 1000, 'device', ? + seq * 1000, 230 + (seq % 7), 1 + (seq % 5) / 10, 230, 'apparent', 230, 0.064
       FROM seq_1_to_${BULK_ROWS}`,
      [BULK_START, BULK_START],
    );
  }, 60_000);
  afterEach(() => {
    for (const e of open.splice(0)) e.abort();
  });
  afterAll(() => h.close());

  it('keeps answering other requests while more stalled exports are open than the pool has connections', async () => {
    // Ten readers that stop reading: before, each held one of the 10 pool connections forever.
    for (let i = 0; i < 10; i++) open.push(await within(5_000, `export ${i + 1}`, stallExport(h.url, h.adminToken)));
    await settle(500);
    const history = await within(3_000, 'a history request during the stalled exports', h.request('GET', `/api/v1/history?devices=bulk-1&from=${BULK_START}&to=${BULK_START + 3_600_000}`, { token: h.adminToken }));
    expect(history.status).toBe(200);
    const login = await within(3_000, 'a log-in during the stalled exports', h.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } }));
    expect(login.status).toBe(200);
    // Exports beyond the caps are refused at once, not queued behind the stalled ones.
    expect(open.filter((e) => e.status === 429).length).toBeGreaterThan(0);
  }, 30_000);

  it('caps concurrent exports per principal, leaving room for another principal', async () => {
    for (let i = 0; i < 2; i++) open.push(await stallExport(h.url, h.adminToken));
    expect(open.map((e) => e.status)).toEqual([200, 200]);
    const third = await within(3_000, 'a third export by the same user', h.request('GET', exportPath, { token: h.adminToken }));
    expect(third.status).toBe(429);
    expect(third.body.message).toMatch(/exports in progress/);
    const key = (await h.request('POST', '/api/v1/api-keys', { token: h.adminToken, body: { name: 'reporting', access: 'read' } })).body.key as string;
    const other = await within(10_000, 'an export by another principal', h.request('GET', `/api/v1/export.csv?devices=bulk-1&from=${BULK_START}&to=${BULK_START + 61_000}`, { apiKey: key }));
    expect(other.status).toBe(200);
    expect(other.text.trimEnd().split('\n')).toHaveLength(1 + 60);
  }, 30_000);

  it('cuts exports whose client stops reading for longer than the idle timeout, freeing their slots', async () => {
    const server = h.gateway.app.getHttpServer() as import('node:http').Server;
    const sockets: import('node:net').Socket[] = [];
    const track = (socket: import('node:net').Socket) => sockets.push(socket);
    server.on('connection', track);
    for (let i = 0; i < 2; i++) open.push(await stallExport(h.url, h.adminToken));
    server.off('connection', track);
    expect(open.map((e) => e.status)).toEqual([200, 200]);
    expect(sockets).toHaveLength(2);
    // The client never reads again, so it notices only once it drains its socket; the gateway lets go at once.
    const deadline = Date.now() + 8_000;
    while (sockets.some((socket) => !socket.destroyed) && Date.now() < deadline) await settle(100);
    expect(sockets.map((socket) => socket.destroyed)).toEqual([true, true]);
    const next = await within(10_000, 'the next export by the same user', h.request('GET', `/api/v1/export.csv?devices=bulk-1&from=${BULK_START}&to=${BULK_START + 61_000}`, { token: h.adminToken }));
    expect(next.status).toBe(200);
  }, 30_000);

  it('refuses a raw range longer than a year', async () => {
    const res = await h.request('GET', `/api/v1/export.csv?devices=bulk-1&from=${BULK_START}&to=${BULK_START + 400 * 86_400_000}`, { token: h.adminToken });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/366 days/);
    expect((await h.request('GET', `/api/v1/export.csv?devices=bulk-1&from=${BULK_START}&to=${BULK_START + 400 * 86_400_000}&resolution=day`, { token: h.adminToken })).status).toBe(200);
  });
});

describe('CSV export on SQLite (issue 16)', () => {
  let sqlite: TestDatabase;
  let h: GatewayHarness;

  beforeAll(async () => {
    sqlite = await createSqliteTestDatabase();
    const broker = await startTestBroker({ db: sqlite.db });
    h = await startGatewayHarness({ DATABASE_URL: '', SQLITE_PATH: sqlite.url }, { db: sqlite, broker });
    await sqlite.db.execute(
      `INSERT INTO readings (device_id, seq, ts_ms, ts_source, received_ms, voltage_v, current_a, power_w, power_kind, apparent_power_va, energy_delta_wh)
       WITH RECURSIVE s(seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM s WHERE seq < ${BULK_ROWS})
       SELECT 'bulk-1', seq, ? + seq * 1000, 'device', ? + seq * 1000, 230 + (seq % 7), 1 + (seq % 5) / 10.0, 230, 'apparent', 230, 0.064 FROM s`,
      [BULK_START, BULK_START],
    );
    // The harness shares this broker and database; close them after the gateway.
    const close = h.close;
    h.close = async () => {
      await close();
      await broker.close();
    };
  }, 60_000);
  afterAll(() => h.close());

  it('lets log-ins (writes) through while an export is stalled', async () => {
    const stalled = await stallExport(h.url, h.adminToken);
    try {
      expect(stalled.status).toBe(200);
      await settle(500);
      // Before: the open iterate() made every other statement on the connection fail ("busy executing a query").
      const login = await within(3_000, 'a log-in during the stalled export', h.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } }));
      expect(login.status).toBe(200);
    } finally {
      stalled.abort();
    }
  }, 30_000);
});
