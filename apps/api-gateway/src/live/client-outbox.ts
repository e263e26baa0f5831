import { NewestPerKey } from '@coffee/aggregation';

/** The part of a socket.io `Socket` an outbox uses. */
export interface OutboxSocket {
  readonly connected: boolean;
  emit(event: string, payload: unknown): unknown;
  /** The engine.io connection: `readyState`, `transport` and (internally) `writeBuffer`. */
  readonly conn: { readonly readyState: string; readonly transport: object };
}

/** Limits of one client's outbox. */
export interface OutboxLimits {
  /** Bytes queued for the client (engine.io buffer + WebSocket send buffer) beyond which updates wait here. */
  maxBufferedBytes: number;
  /** Most updates kept waiting; beyond it the least recently updated one is dropped. */
  maxPending: number;
}

/** What an outbox reports to the metrics. */
export interface OutboxEvents {
  sent(event: string, count: number): void;
  coalesced(): void;
  dropped(): void;
}

interface PendingUpdate {
  event: string;
  payload: unknown;
  /** A reply to a request: never coalesced away or dropped, only written or discarded with the client. */
  reply: boolean;
}

/**
 * Bytes waiting to reach one client: packets in engine.io's write buffer (not yet handed to the
 * transport) plus, for a WebSocket, what `ws` has not yet passed to the kernel. Reads engine.io 6
 * internals defensively: a shape it does not recognise counts as 0 and the transport's `writable`
 * flag still stops a stalled polling client.
 */
export function bufferedBytes(socket: OutboxSocket): number {
  const conn = socket.conn;
  let bytes = 0;
  const buffer: unknown = Reflect.get(conn, 'writeBuffer');
  if (Array.isArray(buffer)) {
    for (const packet of buffer as unknown[]) {
      const data: unknown = typeof packet === 'object' && packet !== null ? Reflect.get(packet, 'data') : undefined;
      bytes += typeof data === 'string' ? data.length : data instanceof Uint8Array ? data.byteLength : 16;
    }
  }
  const ws: unknown = Reflect.get(conn.transport, 'socket');
  const amount: unknown = typeof ws === 'object' && ws !== null ? Reflect.get(ws, 'bufferedAmount') : undefined;
  return bytes + (typeof amount === 'number' ? amount : 0);
}

/**
 * Per-client live delivery with bounded memory. An update goes straight to the socket while the
 * client keeps up (less than `maxBufferedBytes` queued); otherwise it waits here under a key
 * naming its event, branch and window, kept by `@coffee/aggregation`'s `NewestPerKey` (the one
 * "newest update per window" rule): a newer total of the same window replaces the older one
 * (totals, not increments: only the latest matters). Waiting updates are written, least recently
 * updated first, when the client drains; at most `maxPending` wait, the least recently updated
 * dropped first. A stalled client thus costs at most `maxBufferedBytes` plus `maxPending` updates.
 */
export class ClientOutbox {
  private readonly pending: NewestPerKey<PendingUpdate>;
  private readonly maxBufferedBytes: number;
  private readonly waiters: ((open: boolean) => void)[] = [];

  constructor(
    private readonly socket: OutboxSocket,
    limits: OutboxLimits,
    private readonly events: OutboxEvents,
  ) {
    this.maxBufferedBytes = limits.maxBufferedBytes;
    this.pending = new NewestPerKey({ max: limits.maxPending });
  }

  /** Updates waiting for this client. */
  get size(): number {
    return this.pending.size;
  }

  /** True when nothing waits and the client's buffers have room: updates may be written directly. */
  get open(): boolean {
    return this.pending.size === 0 && this.hasRoom();
  }

  /** Delivers an update now if the client keeps up, else keeps the latest per key. Returns true when written. */
  offer(key: string, event: string, payload: unknown): boolean {
    if (this.open) {
      this.socket.emit(event, payload);
      this.events.sent(event, 1);
      return true;
    }
    const { replaced, dropped } = this.pending.set(key, { event, payload, reply: false });
    if (replaced !== undefined) {
      this.events.coalesced();
    }
    if (dropped !== undefined) {
      this.events.dropped();
    }
    return false;
  }

  /**
   * Queues the reply to one of the client's requests behind whatever waits already: written in
   * order once the client has room, never coalesced or dropped (the caller bounds how many a client
   * may have outstanding). `key` must be unique to the request.
   */
  reply(key: string, event: string, payload: unknown): void {
    if (this.open) {
      this.socket.emit(event, payload);
      return;
    }
    this.pending.pin(key, { event, payload, reply: true });
  }

  /**
   * Resolves true as soon as the outbox is {@link open} (at once when it is), false when the client
   * leaves first. Re-checked at every {@link flush}: drain events and the registry's sweep.
   */
  whenOpen(): Promise<boolean> {
    if (this.open) {
      return Promise.resolve(true);
    }
    if (!this.socket.connected) {
      return Promise.resolve(false);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Requests waiting in {@link whenOpen}. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Writes waiting updates, oldest first, while the client has room. Returns how many were written. */
  flush(): number {
    let written = 0;
    for (const [key, update] of this.pending) {
      if (!this.hasRoom()) {
        break;
      }
      this.pending.delete(key);
      this.socket.emit(update.event, update.payload);
      if (!update.reply) {
        this.events.sent(update.event, 1);
      }
      written += 1;
    }
    this.wake();
    return written;
  }

  /** Forgets waiting updates whose key `keep` rejects (subscriptions changed), or all of them. */
  discard(keep: (key: string) => boolean = () => false): void {
    for (const [key] of this.pending) {
      if (!keep(key)) {
        this.pending.delete(key);
      }
    }
  }

  /** The client left: forgets everything waiting, replies included, and resolves {@link whenOpen} false. */
  close(): void {
    this.discard();
    for (const resolve of this.waiters.splice(0)) {
      resolve(false);
    }
  }

  /** True when the client's buffers have room (a reply to one of its requests may be written). */
  hasRoom(): boolean {
    return this.socket.connected && this.socket.conn.readyState === 'open' && bufferedBytes(this.socket) < this.maxBufferedBytes;
  }

  // One waiter per flush: what it then writes decides whether the next one may go.
  private wake(): void {
    if (this.waiters.length > 0 && this.open) {
      this.waiters.shift()?.(true);
    }
  }
}
