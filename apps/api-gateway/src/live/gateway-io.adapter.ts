import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';

/** Largest message a client may send (subscriptions and history requests are tiny). */
const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

/** Same-origin requests, requests without an Origin (non-browser clients) and the configured origins may connect. */
export function isAllowedOrigin(request: IncomingMessage, corsOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || corsOrigins.includes(origin)) {
    return true;
  }
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * socket.io with the gateway's CORS origins, an Origin check on the handshake and a small message
 * limit; Engine.IO 3 clients (socket.io 1.x/2.x, such as the original 2014 page's) may connect.
 */
export class GatewayIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly corsOrigins: readonly string[],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
      allowEIO3: true,
      cors: this.corsOrigins.length > 0 ? { origin: [...this.corsOrigins] } : undefined,
      allowRequest: (request: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) =>
        callback(null, isAllowedOrigin(request, this.corsOrigins)),
    });
    return server;
  }
}
