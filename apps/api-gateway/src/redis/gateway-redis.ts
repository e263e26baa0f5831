import { describeConnectionChange, redisTargetOf, RedisConnection, type RedisClient } from '@coffee/redis-io';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';

/**
 * The gateway's two Redis connections: `commands` for reads (history, windows, branches, health)
 * and `subscriber`, the one subscriber-mode connection every WebSocket client is served from.
 * Both reconnect for ever; a read fails fast while the command connection is down.
 */
@Injectable()
export class GatewayRedis implements OnApplicationShutdown {
  readonly commands: RedisClient;
  readonly subscriber: RedisClient;
  private readonly connections: RedisConnection[];
  private readonly logger = new Logger(GatewayRedis.name);

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    const target = redisTargetOf(config);
    const connect = (name: string, role: string, maxRetriesPerRequest: number | null): RedisConnection =>
      new RedisConnection(target, {
        name,
        maxRetriesPerRequest,
        onChange: (change, where) => {
          const { level, message } = describeConnectionChange(change, where, role);
          this.logger[level](message);
        },
      });
    this.connections = [connect('api-gateway', 'commands', 1), connect('api-gateway:live', 'subscriber', null)];
    this.commands = this.connections[0].client;
    this.subscriber = this.connections[1].client;
  }

  /** True when reads can be served now. */
  get ready(): boolean {
    return this.connections[0].ready;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.connections.map((connection) => connection.close()));
  }
}
