import { Injectable } from '@nestjs/common';
import { boundedWait } from '../redis/bounded-wait';
import { GatewayRedis } from '../redis/gateway-redis';

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
  constructor(private readonly redis: GatewayRedis) {}

  async check(): Promise<HealthReport> {
    if (this.redis.subscriber.status !== 'ready') {
      return { status: 'error', redis: 'down', reason: 'the live channel subscriber is not connected to Redis' };
    }
    const up = this.redis.ready && (await this.ping());
    return up ? { status: 'ok', redis: 'up' } : { status: 'error', redis: 'down', reason: 'Redis does not answer PING' };
  }

  private ping(): Promise<boolean> {
    return boundedWait(
      this.redis.commands.ping().then((reply) => reply === 'PONG'),
      PING_TIMEOUT_MS,
      false,
    );
  }
}
