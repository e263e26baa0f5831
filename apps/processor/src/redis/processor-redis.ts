import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createRedis } from '@coffee/redis-io';
import { redactUrl } from '@coffee/service-kit';
import type { Redis } from 'ioredis';
import { PROCESSOR_CONFIG } from '../config/processor-config.token';
import type { ProcessorConfig } from '../config/processor.config';

/** The processor's Redis connections: one for commands and publishing, one for the blocking stream reads. */
@Injectable()
export class ProcessorRedis implements OnApplicationShutdown {
  readonly commands: Redis;
  /** Dedicated to the blocking `XREADGROUP`; commands wait for a reconnect instead of failing. */
  readonly reader: Redis;
  private readonly logger = new Logger(ProcessorRedis.name);
  private downSince: number | undefined;

  constructor(@Inject(PROCESSOR_CONFIG) config: ProcessorConfig) {
    this.commands = createRedis(config.redisUrl, { name: `processor:${config.consumerName}` });
    this.reader = createRedis(config.redisUrl, { name: `processor-source:${config.consumerName}`, maxRetriesPerRequest: null });
    const where = redactUrl(config.redisUrl);
    this.commands.on('error', (error: Error) => {
      if (this.downSince === undefined) {
        this.downSince = Date.now();
        this.logger.warn(`redis at ${where} unreachable: ${error.message}; retrying`);
      }
    });
    this.commands.on('ready', () => {
      if (this.downSince !== undefined) {
        this.logger.log(`redis at ${where} reachable again after ${Date.now() - this.downSince} ms`);
        this.downSince = undefined;
      }
    });
  }

  /** True when Redis answers a PING within a second. */
  async isReady(): Promise<boolean> {
    if (this.commands.status !== 'ready') {
      return false;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), 1_000);
    });
    try {
      return await Promise.race([this.commands.ping().then((answer) => answer === 'PONG'), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([quit(this.commands), quit(this.reader)]);
  }
}

/** QUIT when Redis answers within a second; otherwise just drop the connection. */
async function quit(redis: Redis): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.quit(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('QUIT timed out')), 1_000);
      }),
    ]);
  } catch {
    redis.disconnect();
  } finally {
    clearTimeout(timer);
  }
}
