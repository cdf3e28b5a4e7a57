import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes } from 'aedes';
import { DevicesRepository, IntegrationsRepository, migrate, ObserversRepository, openDatabase, type Database } from '@energy/db';
import { createMetricsRegistry, startOpsServer, type Logger, type OpsServer } from '@energy/service-kit';
import type { Registry } from 'prom-client';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { createAedesHooks } from './aedes-hooks';
import { connectRedisCluster, type RedisCluster } from './cluster/redis-cluster';
import type { RedisShareDirectory } from './cluster/redis-share-directory';
import { AdmittedCredentialStore } from './auth/admitted-credential-store';
import { RevocationWatch } from './auth/revocation-watch';
import { DatabaseCredentialStore, type CredentialStore } from './auth/credential-store';
import { VerificationCache } from './auth/verification-cache';
import type { BrokerConfig } from './config/env';
import { AuthAdmission } from './limits/auth-admission';
import { ConnectionGate } from './limits/connection-gate';
import { PACKET_HEADROOM_BYTES, PacketSizeGuard, PacketTooLargeError } from './limits/packet-size-guard';
import { createBrokerMetrics } from './observability/broker-metrics';
import { RefusalRecorder } from './observability/refusals';
import { refusalForAedesError } from './observability/aedes-errors';
import { SessionLimits } from './sessions/session-limits';
import { SharedSubscriptions } from './sharing/shared-subscriptions';

export interface EnergyBrokerDeps {
  logger: Logger;
  /** An open database; when absent one is opened from config.database and closed with the broker. */
  db?: Database;
  registry?: Registry;
  /** Replaces the database-backed store (which is wrapped in a VerificationCache). */
  credentialStore?: CredentialStore;
}

export interface EnergyBroker {
  /** null with MQTT_TLS_ONLY. */
  mqttPort: number | null;
  wsPort: number | null;
  /** null when TLS is not configured. */
  tlsPort: number | null;
  /** MQTT over secure WebSocket; null when TLS is not configured. */
  wssPort: number | null;
  httpPort: number;
  aedes: Aedes;
  registry: Registry;
  /** `$share/{group}/{filter}` membership and delivery. */
  shared: SharedSubscriptions;
  /** The node id in the cluster; null on a single node (no Redis). */
  nodeId: string | null;
  close(): Promise<void>;
}

type Transport = 'tcp' | 'tls' | 'ws' | 'wss';

/** Starts aedes behind TCP, WebSocket and (optionally) TLS listeners, with /health and /metrics. */
export async function createEnergyBroker(config: BrokerConfig, deps: EnergyBrokerDeps): Promise<EnergyBroker> {
  const { logger } = deps;
  const { limits } = config;
  const db = deps.db ?? openDatabase(config.database);
  await migrate(db);

  // Cache first (a known device never waits), then the scrypt limits, then the database (issue 16).
  const admission = new AuthAdmission(limits.maxConcurrentAuth, limits.authFailuresPerIpPerMinute);
  const devicesRepository = new DevicesRepository(db);
  const observersRepository = new ObserversRepository(db);
  const integrationsRepository = new IntegrationsRepository(db);
  const store =
    deps.credentialStore ??
    new VerificationCache(new AdmittedCredentialStore(new DatabaseCredentialStore(devicesRepository, observersRepository, config.servicePasswords, integrationsRepository), admission));
  /** Each connection's remote address, keyed by the stream aedes is handed (client.conn). */
  const remoteAddresses = new WeakMap<object, string>();
  const registry = deps.registry ?? createMetricsRegistry('broker');
  const metrics = createBrokerMetrics(registry);
  const refusals = new RefusalRecorder(logger, metrics);
  const hooks = createAedesHooks({
    auth: { store, allowAnonymous: config.allowAnonymous, maxClientIdLength: limits.maxClientIdLength, keepaliveLimitS: limits.keepaliveLimitS, maxPayloadBytes: limits.maxPayloadBytes, discoveryPrefix: config.haDiscoveryPrefix },
    remoteAddressOf: (client) => remoteAddresses.get(client.conn as object),
    maxSubscriptionsPerClient: limits.maxSubscriptionsPerClient,
    refusals,
    metrics,
    logger,
  });

  // With Redis, messages cross nodes through mqemitter-redis, and sessions, retained messages and
  // in-flight QoS 1/2 live in aedes-persistence-redis; without it aedes keeps everything in memory.
  const cluster: RedisCluster | null = config.cluster ? await connectRedisCluster(config.cluster, logger) : null;
  const aedes = await Aedes.createBroker({
    ...hooks,
    ...(cluster ? { id: cluster.nodeId, mq: cluster.mq, persistence: cluster.persistence } : {}),
    // Closes sockets that send no complete CONNECT in time ("connect did not arrive in time").
    connectTimeout: limits.connectTimeoutMs,
    // aedes checks this for MQTT 3.1 only; authenticate() checks it for every version.
    maxClientsIdLength: limits.maxClientIdLength,
  });
  aedes.on('unsubscribe', (filters, client) => hooks.forgetSubscriptions(client, filters));
  const sessions = new SessionLimits(aedes, { maxQueuedPerSession: limits.maxQueuedPerSession, sessionExpiryMs: limits.sessionExpiryMs }, refusals, logger);
  sessions.install();
  const revocations = new RevocationWatch(aedes, devicesRepository, observersRepository, (client) => hooks.identityOf(client), (username) => (store instanceof VerificationCache ? store.forget(username) : undefined), limits.revocationCheckMs, logger, Date.now, integrationsRepository);
  revocations.start();
  const shared = new SharedSubscriptions(aedes, logger, metrics);
  let directory: RedisShareDirectory | null = null;
  if (cluster) {
    directory = cluster.createDirectory((entries) => shared.applyRemote(entries));
    await directory.start();
    shared.useAnnouncer(directory);
  }
  const updateClients = () => metrics.clientsConnected.set(aedes.connectedClients);
  aedes.on('client', updateClients);
  aedes.on('clientDisconnect', updateClients);
  const onAedesError = (client: { id?: string } | null, err: Error) => {
    if (err instanceof PacketTooLargeError) return; // already counted by the guard
    const refusal = refusalForAedesError(err);
    if (refusal) refusals.record(refusal, `${client?.id ?? 'connection'}: ${err.message}`, { clientId: client?.id });
    else logger.debug({ clientId: client?.id, err: err.message }, 'client error');
  };
  aedes.on('clientError', onAedesError);
  aedes.on('connectionError', onAedesError);

  // --- raw connections: admission, then the packet size guard, then aedes ---
  const gate = new ConnectionGate(limits.maxConnections, limits.connectsPerIpPerMinute);
  const openStreams = new Set<Duplex>();
  const maxPacketBytes = limits.maxPayloadBytes + PACKET_HEADROOM_BYTES;

  const admit = (socket: Socket) => {
    const admission = gate.admit(socket.remoteAddress);
    if (!admission.admitted) {
      refusals.record(admission.reason, admission.message, { remoteAddress: socket.remoteAddress });
      socket.destroy();
      return;
    }
    metrics.connectionsOpen.set(gate.openConnections);
    socket.once('close', () => {
      admission.release();
      metrics.connectionsOpen.set(gate.openConnections);
    });
  };

  const accept = (transport: Transport, conn: Duplex, remoteAddress: string | undefined, req?: IncomingMessage) => {
    metrics.connectionsTotal.inc({ transport });
    const guarded = new PacketSizeGuard(conn, {
      maxPacketBytes,
      onRefused: (problem) =>
        refusals.record(
          problem.kind === 'too-large' ? 'packet-too-large' : 'packet-malformed',
          problem.kind === 'too-large' ? `${transport} connection cut off: packet announces ${problem.announcedBytes} bytes, limit ${maxPacketBytes}` : `${transport} connection cut off: malformed remaining length`,
        ),
      onBytesIn: (n) => metrics.bytesIn.inc(n),
      onBytesOut: (n) => metrics.bytesOut.inc(n),
    });
    if (remoteAddress) remoteAddresses.set(guarded, remoteAddress);
    openStreams.add(guarded);
    guarded.once('close', () => openStreams.delete(guarded));
    aedes.handle(guarded, req);
  };

  const tcpServer = createNetServer();
  tcpServer.on('connection', (socket) => {
    admit(socket);
    if (socket.destroyed) return;
    socket.setNoDelay(true);
    // Reaps half-open sockets of dead devices even before their keep-alive runs out.
    socket.setKeepAlive(true, 60_000);
    accept('tcp', socket, socket.remoteAddress);
  });

  let tlsServer: NetServer | null = null;
  let wssHttpServer: HttpServer | null = null;
  const tlsOptions = config.tls ? { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile), handshakeTimeout: limits.connectTimeoutMs } : null;
  if (tlsOptions) {
    const server = createTlsServer(tlsOptions);
    server.on('connection', admit); // before the handshake, which costs CPU
    server.on('secureConnection', (socket) => accept('tls', socket, socket.remoteAddress));
    server.on('tlsClientError', (err) => logger.debug({ err: err.message }, 'TLS handshake failed'));
    tlsServer = server;
  }

  const upgradeRequired = (_req: IncomingMessage, res: import('node:http').ServerResponse) => {
    res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
    res.end('MQTT over WebSocket: upgrade required\n');
  };
  // ws buffers a whole message before handing it on, so its own limit must be near ours; a little
  // headroom allows a client that puts a few MQTT packets in one WebSocket message.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxPacketBytes * 4 });
  const serveWebSocket = (server: HttpServer, transport: 'ws' | 'wss') => {
    server.on('connection', admit);
    server.on('upgrade', (req, socket, head) => {
      wss.handleUpgrade(req, socket, head, (ws) => accept(transport, createWebSocketStream(ws), req.socket.remoteAddress, req));
    });
  };
  // MQTT_TLS_ONLY: no plaintext listener at all (issue 16).
  const plaintext = !config.tls?.only;
  const wsHttpServer: HttpServer | null = plaintext ? createHttpServer(upgradeRequired) : null;
  if (wsHttpServer) serveWebSocket(wsHttpServer, 'ws');
  if (tlsOptions) {
    wssHttpServer = createHttpsServer(tlsOptions, upgradeRequired);
    serveWebSocket(wssHttpServer, 'wss');
    wssHttpServer.on('tlsClientError', (err) => logger.debug({ err: err.message }, 'TLS handshake failed (secure WebSocket)'));
  }

  const listen = (server: NetServer, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, config.host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });

  let ops: OpsServer | undefined;
  const closeServer = (server: NetServer | null) => new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    // Stop accepting first, but do not wait yet: a listener's close completes only when its last
    // connection has ended, and it is aedes.close() below that ends them.
    const listenersClosed = Promise.all([closeServer(tcpServer), closeServer(tlsServer), closeServer(wsHttpServer), closeServer(wssHttpServer), new Promise<void>((r) => wss.close(() => r()))]);
    // Withdraw this node's members first, so the other nodes take over its devices at once.
    await directory?.close();
    shared.close();
    sessions.close();
    revocations.close();
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await cluster?.close();
    for (const stream of openStreams) stream.destroy(); // sockets that never completed a CONNECT
    wsHttpServer?.closeAllConnections();
    wssHttpServer?.closeAllConnections();
    await listenersClosed;
    await ops?.close();
    if (!deps.db) await db.close();
  };

  try {
    const mqttPort = plaintext ? await listen(tcpServer, config.mqttPort) : null;
    const wsPort = wsHttpServer ? await listen(wsHttpServer, config.wsPort) : null;
    const tlsPort = tlsServer && config.tls ? await listen(tlsServer, config.tls.port) : null;
    const wssPort = wssHttpServer && config.tls ? await listen(wssHttpServer, config.tls.wssPort) : null;
    ops = await startOpsServer({
      port: config.httpPort,
      host: config.host,
      registry,
      checks: {
        database: () => db.ping(),
        ...(cluster ? { redis: () => cluster.ping() } : {}),
        listeners: () => {
          const down = [['mqtt', plaintext ? tcpServer : null], ['ws', wsHttpServer], ['tls', tlsServer], ['wss', wssHttpServer]].filter(([, s]) => s && !(s as NetServer).listening).map(([name]) => name);
          if (down.length > 0) throw new Error(`not listening: ${down.join(', ')}`);
        },
      },
    });
    logger.info({ mqttPort, wsPort, tlsPort, wssPort, tlsOnly: !plaintext, httpPort: ops.port, host: config.host, allowAnonymous: config.allowAnonymous, limits, nodeId: cluster?.nodeId ?? null }, 'broker listening');
    return { mqttPort, wsPort, tlsPort, wssPort, httpPort: ops.port, aedes, registry, shared, nodeId: cluster?.nodeId ?? null, close };
  } catch (err) {
    await close();
    throw err;
  }
}
