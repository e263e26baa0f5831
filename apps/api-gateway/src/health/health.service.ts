import { Injectable } from '@nestjs/common';
import { boundedWait } from '../redis/bounded-wait';
import { GatewayRedis } from '../redis/gateway-redis';

/** Body of `GET /api/health`. */
export interface HealthReport {
  status: 'ok' | 'error';
  redis: 'up' | 'down';
}

const PING_TIMEOUT_MS = 1_000;

/** Readiness: both Redis connections ready and a PING answered in time. */
@Injectable()
export class HealthService {
  constructor(private readonly redis: GatewayRedis) {}

  async check(): Promise<HealthReport> {
    const up = this.redis.ready && this.redis.subscriber.status === 'ready' && (await this.ping());
    return up ? { status: 'ok', redis: 'up' } : { status: 'error', redis: 'down' };
  }

  private ping(): Promise<boolean> {
    return boundedWait(
      this.redis.commands.ping().then((reply) => reply === 'PONG'),
      PING_TIMEOUT_MS,
      false,
    );
  }
}
