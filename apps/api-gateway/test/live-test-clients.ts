// Test clients for the live protocol: socket.io-client sockets and a raw engine.io polling client that can stall.
import { io, type Socket } from 'socket.io-client';

/** Connects a socket.io client over WebSocket (its own connection) and resolves once connected. */
export function connectClient(baseUrl: string): Promise<Socket> {
  const socket = io(baseUrl, { transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
  });
}

/** A decoded socket.io event seen by a {@link PollingClient}. */
export interface PolledEvent {
  event: string;
  payload: unknown;
}

/**
 * A socket.io client speaking engine.io long-polling by hand, so a test decides when (and whether)
 * it reads: while it sends no GET, the server cannot write to it at all (a stalled client).
 */
export class PollingClient {
  private sid = '';
  /** The socket.io socket id (as the server's `socket.id`). */
  socketId = '';

  private constructor(private readonly baseUrl: string) {}

  static async connect(baseUrl: string): Promise<PollingClient> {
    const client = new PollingClient(baseUrl);
    const open = await client.request('GET');
    const handshake = JSON.parse(open.slice(1)) as { sid: string };
    client.sid = handshake.sid;
    await client.request('POST', '40');
    for (const packet of await client.poll()) {
      if (packet.startsWith('40')) {
        client.socketId = (JSON.parse(packet.slice(2)) as { sid: string }).sid;
      }
    }
    if (client.socketId === '') {
      throw new Error('no socket.io CONNECT acknowledgement');
    }
    return client;
  }

  /** Sends an event (with an ack id; the ack arrives with the next poll). */
  async emit(event: string, payload: unknown): Promise<void> {
    await this.request('POST', `421${JSON.stringify([event, payload])}`);
  }

  /** Sends one event per payload (no ack ids), all in one engine.io POST: the server decodes them in one go. */
  async sendMany(event: string, payloads: readonly unknown[]): Promise<void> {
    await this.request('POST', payloads.map((payload) => `42${JSON.stringify([event, payload])}`).join('\x1e'));
  }

  /** One long-poll: every packet the server had queued. */
  async poll(): Promise<string[]> {
    const text = await this.request('GET');
    const packets = text.split('\x1e');
    const pings = packets.filter((packet) => packet === '2');
    for (const _ping of pings) {
      await this.request('POST', '3');
    }
    return packets;
  }

  /** Polls once and decodes the socket.io events in it. */
  async events(): Promise<PolledEvent[]> {
    return (await this.poll())
      .filter((packet) => packet.startsWith('42'))
      .map((packet) => {
        const [event, payload] = JSON.parse(packet.slice(2)) as [string, unknown];
        return { event, payload };
      });
  }

  async close(): Promise<void> {
    await this.request('POST', '1').catch(() => undefined);
  }

  private async request(method: 'GET' | 'POST', body?: string): Promise<string> {
    const sid = this.sid === '' ? '' : `&sid=${this.sid}`;
    const response = await fetch(`${this.baseUrl}/socket.io/?EIO=4&transport=polling${sid}&t=${Date.now()}`, {
      method,
      body,
      headers: body === undefined ? {} : { 'Content-Type': 'text/plain;charset=UTF-8' },
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`engine.io ${method} answered ${response.status}: ${text}`);
    }
    return text;
  }
}
