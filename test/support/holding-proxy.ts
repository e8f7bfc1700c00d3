import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real server (the embedded S3) that holds back the body of any
 * response to a request mentioning a held fragment (an object key) until the fragment is
 * released: its status and headers go through, its bytes wait, as from a storage that is
 * slow for some objects and not for others.
 */
export class HoldingProxy {
  private readonly held = new Map<string, Array<() => void>>();
  private readonly sockets = new Set<Socket>();
  private readonly server: Server = createServer((client) => this.connect(client));

  private constructor(private readonly targetPort: number) {}

  static async start(targetPort: number): Promise<HoldingProxy> {
    const proxy = new HoldingProxy(targetPort);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** Response bodies to requests mentioning `fragment` wait from now on, until `release(fragment)`. */
  hold(fragment: string): void {
    if (!this.held.has(fragment)) this.held.set(fragment, []);
  }

  /** Lets the response bodies held for `fragment` go on, and those that come later. */
  release(fragment: string): void {
    const waiting = this.held.get(fragment) ?? [];
    this.held.delete(fragment);
    for (const resume of waiting) resume();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private connect(client: Socket): void {
    const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    // The response under way on this connection, while its body is held.
    let holding: { headersPassed: boolean; queued: Buffer[] } | undefined;
    client.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      const fragment = [...this.held.keys()].find((held) => text.includes(held));
      if (fragment !== undefined) {
        const response = { headersPassed: false, queued: [] as Buffer[] };
        holding = response;
        this.held.get(fragment)?.push(() => {
          holding = undefined;
          if (!client.destroyed) for (const data of response.queued) client.write(data);
        });
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!holding) {
        client.write(chunk);
        return;
      }
      let body = chunk;
      if (!holding.headersPassed) {
        const end = chunk.indexOf('\r\n\r\n');
        if (end < 0) {
          client.write(chunk);
          return;
        }
        client.write(chunk.subarray(0, end + 4));
        holding.headersPassed = true;
        body = chunk.subarray(end + 4);
      }
      if (body.length > 0) holding.queued.push(body);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => {
      if (!holding) client.end();
    });
  }
}
