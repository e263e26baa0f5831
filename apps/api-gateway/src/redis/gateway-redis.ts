import { createRedisClient, redisTargetOf, type RedisClient } from '@coffee/redis-io';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { boundedWait } from './bounded-wait';

/**
 * The gateway's two Redis connections: `commands` for reads (history, windows, branches, health)
 * and `subscriber`, the one subscriber-mode connection every WebSocket client is served from.
 * Both reconnect for ever; a read fails fast while the command connection is down.
 */
@Injectable()
export class GatewayRedis implements OnApplicationShutdown {
  readonly commands: RedisClient;
  readonly subscriber: RedisClient;
  private readonly logger = new Logger(GatewayRedis.name);
  private closed = false;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    const target = redisTargetOf(config);
    this.commands = createRedisClient(target, { name: 'api-gateway', maxRetriesPerRequest: 1 });
    this.subscriber = createRedisClient(target, { name: 'api-gateway:live', maxRetriesPerRequest: null });
    for (const [role, connection] of [
      ['commands', this.commands],
      ['subscriber', this.subscriber],
    ] as const) {
      let down = false;
      connection.on('error', (error: Error) => {
        if (!down && !this.closed) {
          down = true;
          this.logger.warn(`redis ${role} connection lost: ${error.message}`);
        }
      });
      connection.on('ready', () => {
        if (down) {
          down = false;
          this.logger.log(`redis ${role} connection ready again`);
        }
      });
    }
  }

  /** True when reads can be served now. */
  get ready(): boolean {
    return this.commands.status === 'ready';
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([close(this.commands), close(this.subscriber)]);
  }
}

const QUIT_TIMEOUT_MS = 1_000;

// QUIT when connected (bounded wait); a connection that is down is just dropped, or QUIT would wait for it for ever.
async function close(connection: RedisClient): Promise<void> {
  if (connection.status === 'ready') {
    await boundedWait<string>(connection.quit(), QUIT_TIMEOUT_MS, 'timeout');
  }
  connection.disconnect();
}
