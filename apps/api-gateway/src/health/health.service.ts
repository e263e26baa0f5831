import { Injectable } from '@nestjs/common';
import { probeRedis } from '@coffee/redis-io';
import { GatewayRedis } from '../redis/gateway-redis';
import { OrderShards } from '../redis/order-shards';

/** Body of `GET /api/health`. */
export interface HealthReport {
  status: 'ok' | 'error';
  redis: 'up' | 'down';
  /** Why the gateway is not ready (503 only). */
  reason?: string;
}

const PING_TIMEOUT_MS = 1_000;

/** Readiness: both Redis connections ready and a PING answered in time. */
@Injectable()
export class HealthService {
  constructor(
    private readonly redis: GatewayRedis,
    private readonly shards: OrderShards,
  ) {}

  async check(): Promise<HealthReport> {
    if (this.redis.subscriber.status !== 'ready') {
      return { status: 'error', redis: 'down', reason: 'the live channel subscriber is not connected to Redis' };
    }
    // One round trip, like a PING (on a cluster: one per shard, in parallel); also false when REDIS_URL names a node of a Redis Cluster (MOVED).
    const probe = await probeRedis(
      this.redis.commands,
      this.shards.layouts.map((keys) => keys.ordersStream),
      PING_TIMEOUT_MS,
    );
    return probe.ok ? { status: 'ok', redis: 'up' } : { status: 'error', redis: 'down', reason: probe.reason };
  }
}
