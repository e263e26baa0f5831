import { ORDER_COUNT_TYPE, STATISTIC_TYPES, Windowing, type LiveStatisticsBody, type LiveStatisticsPacket } from '@coffee/aggregation';
import { RedisKeys, withDeadline } from '@coffee/redis-io';
import { LiveChannel, type LiveSubscription, type OriginalLivePacket } from '@coffee/stats-store';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HistoryCache } from '../cache/history-cache';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { GatewayRedis } from '../redis/gateway-redis';
import { LiveClientRegistry, legacyRoom, statsRoom, updateKey } from './live-client-registry';
import { originalToLegacyLivePacket, originalToStatsPayload, toLegacyLivePacket, toStatsPayload, type BaseWindowRange } from './live-payloads';

const RETRY_MS = 1_000;
const CLOSE_TIMEOUT_MS = 1_000;

/**
 * The gateway's one Redis subscription to the live channel, fanned out to the subscribed clients
 * only (socket.io rooms per branch). Clients that keep up share one encoded packet per distinct
 * types selection (a socket.io broadcast to their ids); a client that is behind gets the update
 * through its own coalescing outbox instead, so it never delays the others. Original-protocol
 * clients never receive a window older than one already written to them (per branch and type):
 * the page they run only replaces its last bar or appends one.
 */
@Injectable()
export class LiveFanoutService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LiveFanoutService.name);
  private subscription: LiveSubscription | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: GatewayRedis,
    private readonly keys: RedisKeys,
    private readonly clients: LiveClientRegistry,
    private readonly metrics: GatewayMetrics,
    private readonly cache: HistoryCache,
    private readonly windowing: Windowing,
  ) {
    // Updates published while the subscriber was away are lost: cached history may be stale.
    redis.subscriber.on('ready', () => cache.clear());
    metrics.observeLive({
      pendingUpdates: () => this.clients.pendingUpdates(),
      malformedPackets: () => this.subscription?.malformed() ?? 0,
    });
  }

  onApplicationBootstrap(): void {
    this.subscribe();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.clients.close();
    if (this.subscription !== undefined && this.redis.subscriber.status === 'ready') {
      await withDeadline(this.subscription.close().catch(() => undefined), CLOSE_TIMEOUT_MS, () => undefined);
    }
  }

  /** Routes one live packet to the subscribers of its branch (both protocols) and marks cached history of the branch stale. */
  deliver(packet: LiveStatisticsPacket): void {
    this.metrics.livePackets.inc();
    const body = packet.body;
    this.cache.invalidate(body.branch);
    this.deliverStats(body);
    for (const type of STATISTIC_TYPES) {
      const room = legacyRoom(body.branch, type);
      if (this.clients.members(room).size > 0) {
        this.fanOutLegacy(room, body.date, updateKey('message', body.branch, body.date, type), toLegacyLivePacket(body, type));
      }
    }
  }

  /**
   * Routes one packet of the original CounterBolt (age grades of a branch's window, nothing else):
   * to the original-protocol clients of that branch's `CustomerAgeGrades` (`ORDER_COUNT_TYPE`), and as
   * it is to the `stats` subscribers of the branch that receive that type.
   */
  deliverOriginal(packet: OriginalLivePacket): void {
    this.metrics.livePackets.inc();
    const { branch, date } = packet.body;
    this.cache.invalidate(branch);
    const room = legacyRoom(branch, ORDER_COUNT_TYPE);
    if (this.clients.members(room).size > 0) {
      this.fanOutLegacy(room, date, updateKey('message', branch, date, ORDER_COUNT_TYPE), originalToLegacyLivePacket(packet));
    }
    const members = this.clients.members(statsRoom(branch));
    if (members.size === 0) {
      return;
    }
    const payload = originalToStatsPayload(packet, this.baseWindow(date));
    const open: string[] = [];
    for (const id of members) {
      const client = this.clients.get(id);
      if (client === undefined || (client.types !== undefined && !client.types.includes(ORDER_COUNT_TYPE))) {
        continue;
      }
      client.liveSeen.set(branch, date);
      if (client.outbox.open) {
        open.push(id);
      } else {
        client.outbox.offer(updateKey('stats', branch, date), 'stats', payload);
      }
    }
    this.broadcast(open, 'stats', payload);
  }

  private deliverStats(body: LiveStatisticsBody): void {
    const members = this.clients.members(statsRoom(body.branch));
    if (members.size === 0) {
      return;
    }
    const key = updateKey('stats', body.branch, body.date);
    const payloads = new Map<string, LiveStatisticsBody>();
    const groups = new Map<string, string[]>();
    for (const id of members) {
      const client = this.clients.get(id);
      if (client === undefined) {
        continue;
      }
      client.liveSeen.set(body.branch, body.date);
      if (client.outbox.open) {
        const group = groups.get(client.typesKey);
        if (group === undefined) {
          groups.set(client.typesKey, [id]);
          payloads.set(client.typesKey, toStatsPayload(body, client.types));
        } else {
          group.push(id);
        }
      } else {
        let payload = payloads.get(client.typesKey);
        if (payload === undefined) {
          payload = toStatsPayload(body, client.types);
          payloads.set(client.typesKey, payload);
        }
        client.outbox.offer(key, 'stats', payload);
      }
    }
    for (const [selection, ids] of groups) {
      this.clients.io.to(ids).emit('stats', payloads.get(selection));
      this.metrics.fannedOut.inc({ event: 'stats' }, ids.length);
    }
  }

  /** Original-protocol fan-out of one room; a client that already got a newer window skips this one. */
  private fanOutLegacy(room: string, date: string, key: string, payload: unknown): void {
    const open: string[] = [];
    for (const id of this.clients.members(room)) {
      const client = this.clients.get(id);
      const seen = client?.legacySeen.get(room);
      if (client === undefined || (seen !== undefined && date < seen)) {
        continue;
      }
      client.legacySeen.set(room, date);
      if (client.outbox.open) {
        open.push(id);
      } else {
        client.outbox.offer(key, 'message', payload);
      }
    }
    this.broadcast(open, 'message', payload);
  }

  private broadcast(ids: string[], event: string, payload: unknown): void {
    if (ids.length > 0) {
      this.clients.io.to(ids).emit(event, payload);
      this.metrics.fannedOut.inc({ event }, ids.length);
    }
  }

  private baseWindow(date: string): BaseWindowRange | undefined {
    try {
      const window = this.windowing.parseDatestring(date, this.windowing.baseResolution);
      return { start: window.start, end: window.end, resolution: window.resolution };
    } catch {
      // Not a window start of this deployment (another window size or zone): forwarded without times.
      return undefined;
    }
  }

  private subscribe(): void {
    if (this.stopped) {
      return;
    }
    LiveChannel.subscribe(this.redis.subscriber, this.keys, (packet) => this.deliver(packet), {
      onMalformed: (_message, reason) => this.logger.debug(`ignored a malformed live packet: ${reason}`),
      onOriginal: (packet) => this.deliverOriginal(packet),
    }).then(
      (subscription) => {
        this.subscription = subscription;
        this.logger.log(`subscribed to live channel ${subscription.channel}`);
      },
      (error: unknown) => {
        this.logger.warn(`cannot subscribe to the live channel yet (${error instanceof Error ? error.message : String(error)}); retrying`);
        this.retry = setTimeout(() => this.subscribe(), RETRY_MS);
      },
    );
  }
}
