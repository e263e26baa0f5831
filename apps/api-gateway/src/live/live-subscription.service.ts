import { STATISTIC_TYPES, Windowing } from '@coffee/aggregation';
import { LiveChannel, StatsStore } from '@coffee/stats-store';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { InvalidParameterError } from '../http/invalid-parameter.error';
import { GatewayRedis } from '../redis/gateway-redis';
import { legacyRoom, LiveClientRegistry, statsRoom, updateKey, type LiveClient } from './live-client-registry';
import { toLegacyHistoryPacket, toStatsPayload, typesKey } from './live-payloads';
import { parseLegacyHistoryRequest, parseSubscribeRequest, type SubscribeRequest } from './live-requests.parser';

/** Ack of `subscribe`. */
export type SubscribeAck = { ok: true; branches: string[]; types: string[] } | { ok: false; message: string };

/** Most original-protocol subscriptions (branch × type) one client may hold. */
export const MAX_LEGACY_SUBSCRIPTIONS = 64;

/** Handles what clients ask over the socket: `subscribe` and the original `{header, body}` requests. */
@Injectable()
export class LiveSubscriptionService {
  private readonly logger = new Logger(LiveSubscriptionService.name);

  constructor(
    private readonly clients: LiveClientRegistry,
    private readonly store: StatsStore,
    private readonly windowing: Windowing,
    private readonly redis: GatewayRedis,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  connect(socket: Socket): void {
    this.clients.connect(socket);
  }

  disconnect(socket: Socket): void {
    this.clients.disconnect(socket);
  }

  /**
   * Replaces the client's `stats` subscription; the ack goes out first, then the current window's
   * totals per branch, then live updates.
   */
  async subscribe(socket: Socket, request: unknown): Promise<SubscribeAck> {
    const client = this.clients.get(socket.id);
    if (client === undefined) {
      return { ok: false, message: 'not connected' };
    }
    let parsed: SubscribeRequest;
    try {
      parsed = parseSubscribeRequest(request);
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    const wanted = new Set(parsed.branches.map((branch) => branch.stored));
    for (const branch of client.branches) {
      if (!wanted.has(branch)) {
        await socket.leave(statsRoom(branch));
      }
    }
    for (const branch of wanted) {
      await socket.join(statsRoom(branch));
    }
    client.branches = wanted;
    client.types = parsed.types;
    client.typesKey = typesKey(parsed.types);
    client.liveSeen.clear();
    client.generation += 1;
    client.outbox.discard((key) => !key.startsWith('stats\u0000'));
    const generation = client.generation;
    setImmediate(() => void this.sendSnapshots(client, generation));
    return { ok: true, branches: parsed.branches.map((branch) => branch.client), types: parsed.types ?? [...STATISTIC_TYPES] };
  }

  /** The original protocol: `REQUEST_STATISTICS_HISTORY` → history, then live `PUBLISH_STATISTICS` of that branch and type. */
  async legacyMessage(socket: Socket, message: unknown): Promise<void> {
    const client = this.clients.get(socket.id);
    if (client === undefined || !client.outbox.hasRoom()) {
      return;
    }
    const header = typeof message === 'object' && message !== null ? Reflect.get(message, 'header') : undefined;
    if (header !== 'REQUEST_STATISTICS_HISTORY') {
      socket.emit('message', { header: 'ERROR', body: { message: `header: unknown request ${JSON.stringify(header ?? null)}` } });
      return;
    }
    try {
      const request = parseLegacyHistoryRequest(Reflect.get(message as object, 'body'), this.config.maxWindows);
      const room = legacyRoom(request.branch.stored, request.type);
      if (!client.legacyRooms.has(room) && client.legacyRooms.size >= MAX_LEGACY_SUBSCRIPTIONS) {
        throw new InvalidParameterError('branch', `at most ${MAX_LEGACY_SUBSCRIPTIONS} subscriptions per connection`);
      }
      if (!this.redis.ready) {
        throw new Error('redis: unavailable');
      }
      const history = await this.store.history({
        branch: request.branch.stored,
        types: [request.type],
        resolution: this.windowing.baseResolution,
        last: request.count,
        now: Date.now(),
      });
      if (!socket.connected) {
        return;
      }
      socket.emit('message', toLegacyHistoryPacket(request.branch.stored, request.type, history[request.type]));
      await socket.join(room);
      client.legacyRooms.add(room);
    } catch (error) {
      const text = error instanceof InvalidParameterError ? error.message : 'history unavailable';
      if (!(error instanceof InvalidParameterError)) {
        this.logger.warn(`REQUEST_STATISTICS_HISTORY failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      socket.emit('message', { header: 'ERROR', body: { request: 'REQUEST_STATISTICS_HISTORY', message: text } });
    }
  }

  private async sendSnapshots(client: LiveClient, generation: number): Promise<void> {
    for (const branch of client.branches) {
      try {
        const totals = await this.store.currentTotals(branch, Date.now());
        if (client.generation !== generation || !client.socket.connected) {
          return;
        }
        const seen = client.liveSeen.get(branch);
        if (seen !== undefined && seen >= totals.date) {
          continue;
        }
        const body = LiveChannel.toPacket(totals, this.windowing, false).body;
        client.outbox.offer(updateKey('stats', branch, totals.date), 'stats', toStatsPayload(body, client.types));
      } catch (error) {
        this.logger.debug(`no current totals for ${branch}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
