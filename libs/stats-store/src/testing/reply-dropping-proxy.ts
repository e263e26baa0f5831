import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A TCP proxy in front of Redis that can cut a connection right after the server answered. */
export interface ReplyDroppingProxy {
  /** Port the proxy listens on (127.0.0.1). */
  readonly port: number;
  /**
   * Arms the proxy: the next reply bytes coming back from Redis are dropped and that client's
   * connection is closed, so the command ran but its caller never sees the reply. Fires once.
   * Resolves when a reply has been dropped.
   */
  dropNextReply(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a {@link ReplyDroppingProxy} forwarding to `127.0.0.1:<redisPort>`. */
export async function startReplyDroppingProxy(redisPort: number): Promise<ReplyDroppingProxy> {
  let armed: (() => void) | undefined;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: redisPort });
    sockets.add(client);
    sockets.add(upstream);
    const cut = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      const fired = armed;
      if (fired !== undefined) {
        armed = undefined;
        cut();
        fired();
        return;
      }
      client.write(chunk);
    });
    client.on('close', cut);
    upstream.on('close', cut);
    client.on('error', cut);
    upstream.on('error', cut);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('proxy: no port');
  }
  return {
    port: address.port,
    dropNextReply: () =>
      new Promise<void>((resolve) => {
        armed = resolve;
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
