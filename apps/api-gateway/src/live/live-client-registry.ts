import { liveWindowKey, type StatisticType } from '@coffee/aggregation';
import { Inject, Injectable } from '@nestjs/common';
import type { Server, Socket } from 'socket.io';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { ClientOutbox } from './client-outbox';
import { typesKey } from './live-payloads';

/** Room of the `stats` subscribers of a stored branch name. */
export function statsRoom(storedBranch: string): string {
  return `stats:${storedBranch}`;
}

/** Room of the original-protocol subscribers of a stored branch name and type. */
export function legacyRoom(storedBranch: string, type: StatisticType): string {
  return `legacy:${storedBranch}:${type}`;
}

/**
 * Outbox key of a live update: one per event, window (`liveWindowKey`: branch + base datestring, the one
 * "same window" rule) and type for the original protocol. Starts with the event (see `discard` callers).
 */
export function updateKey(event: string, storedBranch: string, date: string, type = ''): string {
  return `${event}\u0000${liveWindowKey({ branch: storedBranch, date })}\u0000${type}`;
}

/** What the gateway knows about one connected client. */
export interface LiveClient {
  readonly socket: Socket;
  readonly outbox: ClientOutbox;
  /** Stored branch names of the `subscribe` subscription. */
  branches: Set<string>;
  /** Types of the `subscribe` subscription (undefined: all). */
  types: StatisticType[] | undefined;
  typesKey: string;
  /** Rooms of original-protocol subscriptions. */
  legacyRooms: Set<string>;
  /** Latest window date written per original-protocol room, so its `PUBLISH_STATISTICS` dates never go back. */
  legacySeen: Map<string, string>;
  /** Original-protocol requests received and not yet answered (limited by `WS_MAX_INFLIGHT`). */
  legacyInFlight: number;
  /** Tail of the client's original-protocol requests, answered one after the other. */
  legacyQueue: Promise<void>;
  /** Latest window date delivered per stored branch since the last `subscribe` (so a snapshot never overwrites a newer live total). */
  liveSeen: Map<string, string>;
  /** Bumped by every `subscribe`, so a slow snapshot of an older subscription is discarded. */
  generation: number;
}

const SWEEP_INTERVAL_MS = 50;

/**
 * The socket.io server and the state of every connected client: rooms, subscriptions and the
 * per-client outbox. Waiting updates are flushed when engine.io drains a client and by a sweep
 * every 50 ms (a WebSocket whose kernel buffer frees up raises no engine.io event).
 */
@Injectable()
export class LiveClientRegistry {
  private readonly clients = new Map<string, LiveClient>();
  private server: Server | undefined;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly metrics: GatewayMetrics,
  ) {}

  attach(server: Server): void {
    this.server = server;
    this.sweeper ??= setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  /** The socket.io server; throws before the gateway is initialised. */
  get io(): Server {
    if (this.server === undefined) {
      throw new Error('socket.io server not attached yet');
    }
    return this.server;
  }

  /** Socket ids in a room (empty when nobody is in it). */
  members(room: string): ReadonlySet<string> {
    return this.server?.sockets.adapter.rooms.get(room) ?? new Set<string>();
  }

  get(id: string): LiveClient | undefined {
    return this.clients.get(id);
  }

  get count(): number {
    return this.clients.size;
  }

  /** Updates waiting in every outbox. */
  pendingUpdates(): number {
    let total = 0;
    for (const client of this.clients.values()) {
      total += client.outbox.size;
    }
    return total;
  }

  /** Largest number of updates waiting for one client. */
  maxPendingPerClient(): number {
    let max = 0;
    for (const client of this.clients.values()) {
      max = Math.max(max, client.outbox.size);
    }
    return max;
  }

  connect(socket: Socket): LiveClient {
    const metrics = this.metrics;
    const outbox = new ClientOutbox(
      socket,
      { maxBufferedBytes: this.config.wsMaxBuffered, maxPending: this.config.wsMaxPending },
      {
        sent: (event, count) => metrics.fannedOut.inc({ event }, count),
        coalesced: () => metrics.coalesced.inc(),
        dropped: () => metrics.dropped.inc(),
      },
    );
    const client: LiveClient = {
      socket,
      outbox,
      branches: new Set(),
      types: undefined,
      typesKey: typesKey(undefined),
      legacyRooms: new Set(),
      legacySeen: new Map(),
      legacyInFlight: 0,
      legacyQueue: Promise.resolve(),
      liveSeen: new Map(),
      generation: 0,
    };
    this.clients.set(socket.id, client);
    socket.conn.on('drain', () => outbox.flush());
    this.metrics.wsClients.set(this.clients.size);
    return client;
  }

  disconnect(socket: Socket): void {
    const client = this.clients.get(socket.id);
    client?.outbox.close();
    this.clients.delete(socket.id);
    this.metrics.wsClients.set(this.clients.size);
  }

  /** Stops the sweep (application shutdown). */
  close(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private sweep(): void {
    for (const client of this.clients.values()) {
      if (client.outbox.size > 0 || client.outbox.waiting > 0) {
        client.outbox.flush();
      }
    }
  }
}
