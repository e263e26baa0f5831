import { createRedisClient, redisTargetOf, type RedisClient } from '@coffee/redis-io';
import { RedisKeys } from '@coffee/redis-io';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { LiveClientRegistry } from '../live/live-client-registry';
import { toClientBranch } from '../stats/stat-params';
import { parseEvent } from './alerts.service';

/** socket.io event name of a live alert event. */
export const ALERT_SOCKET_EVENT = 'alert';

/**
 * Pushes each alert event, as the processors write it (once, on the alerts channel), to every
 * connected socket.io client as an `alert` event. Its own subscriber connection, so the live
 * statistics fan-out is untouched.
 */
@Injectable()
export class AlertsLiveRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertsLiveRelay.name);
  private readonly subscriber: RedisClient;
  relayed = 0;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly keys: RedisKeys,
    private readonly clients: LiveClientRegistry,
  ) {
    this.subscriber = createRedisClient(redisTargetOf(config), { name: 'api-gateway:alerts', maxRetriesPerRequest: null });
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, message: string) => this.relay(message));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.subscriber.subscribe(this.keys.alertsChannel).catch((error: unknown) => {
      this.logger.warn(`cannot subscribe to alerts yet (retried on reconnect): ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber.disconnect();
    await Promise.resolve();
  }

  private relay(message: string): void {
    const event = parseEvent(message);
    if (event === undefined) {
      return;
    }
    try {
      this.clients.io.emit(ALERT_SOCKET_EVENT, { ...event, branch: toClientBranch(event.branch) });
      this.relayed++;
    } catch {
      // socket.io not attached yet: nobody to tell.
    }
  }
}
