import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy a test or the chaos soak controls: `cut()` drops every connection and refuses new ones
 * (a database outage as the client sees it), `restore()` lets traffic through again.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private open = true;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    let proxy: TcpProxy | null = null;
    const server = createServer((client) => {
      if (!proxy?.open) {
        client.destroy();
        return;
      }
      const upstream = connect(targetPort, targetHost);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        a.pipe(b);
        a.on('error', () => b.destroy());
        a.on('close', () => b.destroy());
        proxy.sockets.add(a);
        a.once('close', () => proxy?.sockets.delete(a));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    proxy = new TcpProxy(server, (server.address() as { port: number }).port);
    return proxy;
  }

  cut(): void {
    this.open = false;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.open = true;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
