import { STATISTIC_TYPES, type LiveStatisticsBody, type LiveStatisticsPacket } from '@coffee/aggregation';
import { RedisKeys } from '@coffee/redis-io';
import { LiveChannel, type LiveSubscription } from '@coffee/stats-store';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HistoryCache } from '../cache/history-cache';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { boundedWait } from '../redis/bounded-wait';
import { GatewayRedis } from '../redis/gateway-redis';
import { LiveClientRegistry, legacyRoom, statsRoom, updateKey } from './live-client-registry';
import { toLegacyLivePacket, toStatsPayload } from './live-payloads';

const RETRY_MS = 1_000;
const CLOSE_TIMEOUT_MS = 1_000;

/**
 * The gateway's one Redis subscription to the live channel, fanned out to the subscribed clients
 * only (socket.io rooms per branch). Clients that keep up share one encoded packet per distinct
 * types selection (a socket.io broadcast to their ids); a client that is behind gets the update
 * through its own coalescing outbox instead, so it never delays the others.
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
      await boundedWait(this.subscription.close(), CLOSE_TIMEOUT_MS, undefined);
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
      const members = this.clients.members(room);
      if (members.size > 0) {
        this.fanOut(members, 'message', updateKey('message', body.branch, body.date, type), toLegacyLivePacket(body, type));
      }
    }
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

  private fanOut(members: ReadonlySet<string>, event: string, key: string, payload: unknown): void {
    const open: string[] = [];
    for (const id of members) {
      const client = this.clients.get(id);
      if (client === undefined) {
        continue;
      }
      if (client.outbox.open) {
        open.push(id);
      } else {
        client.outbox.offer(key, event, payload);
      }
    }
    if (open.length > 0) {
      this.clients.io.to(open).emit(event, payload);
      this.metrics.fannedOut.inc({ event }, open.length);
    }
  }

  private subscribe(): void {
    if (this.stopped) {
      return;
    }
    LiveChannel.subscribe(this.redis.subscriber, this.keys, (packet) => this.deliver(packet), {
      onMalformed: (_message, reason) => this.logger.debug(`ignored a malformed live packet: ${reason}`),
    }).then(
      (subscription) => {
        this.subscription = subscription;
        this.logger.log(`subscribed to live channel ${this.keys.liveChannel}`);
      },
      (error: unknown) => {
        this.logger.warn(`cannot subscribe to the live channel yet (${error instanceof Error ? error.message : String(error)}); retrying`);
        this.retry = setTimeout(() => this.subscribe(), RETRY_MS);
      },
    );
  }
}
