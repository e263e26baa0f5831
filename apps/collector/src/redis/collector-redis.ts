import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createRedis, OrderStreamSink, RedisKeys, waitUntilReady } from '@coffee/redis-io';
import { redactUrl } from '@coffee/service-kit';
import type { Redis } from 'ioredis';
import { COLLECTOR_CONFIG, type CollectorConfig } from '../config/collector.config';

/** The collector's Redis connection, key layout and orders-stream sink; closed last at shutdown. */
@Injectable()
export class CollectorRedis implements OnApplicationShutdown {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly sink: OrderStreamSink;
  private readonly logger = new Logger(CollectorRedis.name);
  private down = false;

  constructor(@Inject(COLLECTOR_CONFIG) config: CollectorConfig) {
    this.redis = createRedis(config.redisUrl, { name: 'collector' });
    this.keys = new RedisKeys({ prefix: config.keyPrefix });
    this.sink = new OrderStreamSink(this.redis, this.keys);
    const where = redactUrl(config.redisUrl);
    this.redis.on('ready', () => {
      this.logger.log(`${this.down ? 'reconnected to' : 'connected to'} Redis at ${where}`);
      this.down = false;
    });
    this.redis.on('error', (error: Error) => {
      if (!this.down) {
        this.down = true;
        this.logger.warn(`Redis at ${where} unreachable (${error.message}); retrying`);
      }
    });
  }

  /** Drops a source's committed position (a spooled file that was completed and renamed). */
  async forgetPosition(sourceId: string): Promise<void> {
    await this.redis.hdel(this.keys.collectorOffsets, sourceId);
  }

  /** True while the connection is up and ready for commands. */
  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  /** True once the connection is ready, waiting up to `timeoutMs` for one being (re)established. */
  async whenReady(timeoutMs: number): Promise<boolean> {
    if (this.ready) {
      return true;
    }
    try {
      await waitUntilReady(this.redis, timeoutMs);
      return true;
    } catch {
      return false;
    }
  }

  /** PING with a deadline; false when Redis does not answer in time. */
  async ping(timeoutMs = 1_000): Promise<boolean> {
    if (!this.ready) {
      return false;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.redis.ping().then((answer) => answer === 'PONG'), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ready) {
      await Promise.race([this.redis.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    }
    this.redis.disconnect();
  }
}
