import { Cluster } from 'ioredis';
import { clusterDescription, lastConnectionError } from './create-redis';
import type { RedisClient } from './redis-target';
import { RedisIoError } from './redis-io.error';

function describe(redis: RedisClient): string {
  if (redis instanceof Cluster) {
    return clusterDescription(redis);
  }
  const { host, port, db, tls } = redis.options;
  const where = `${tls === undefined ? 'redis' : 'rediss'}://${host ?? 'localhost'}:${port ?? 6379}`;
  return db === undefined || db === 0 ? where : `${where}/${db}`;
}

function reason(error: Error | undefined, timeoutMs: number): string {
  if (error === undefined) {
    return `no answer within ${timeoutMs} ms`;
  }
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? code : error.message;
}

/**
 * Resolves once `redis` is ready (connected, authenticated, database selected); connects a lazy
 * connection. Use at start-up to fail fast with a clear message.
 *
 * @param timeoutMs how long to keep trying, ms (ioredis keeps reconnecting meanwhile). Default 5 000.
 * @throws RedisIoError `REDIS_UNAVAILABLE`: `cannot connect to redis://host:port: ECONNREFUSED`
 *   (the last connection error's code or message; never the password), or when the connection was closed.
 */
export function waitUntilReady(redis: RedisClient, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') {
    return Promise.resolve();
  }
  if (redis.status === 'end') {
    return Promise.reject(new RedisIoError('REDIS_UNAVAILABLE', `cannot connect to ${describe(redis)}: the connection was closed`));
  }
  return new Promise<void>((resolve, reject) => {
    let last = lastConnectionError(redis);
    const cleanup = (): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
      redis.off('end', onEnd);
    };
    const fail = (why: string): void => {
      cleanup();
      reject(new RedisIoError('REDIS_UNAVAILABLE', `cannot connect to ${describe(redis)}: ${why}`, { cause: last }));
    };
    const onReady = (): void => {
      cleanup();
      resolve();
    };
    const onError = (error: Error): void => {
      last = error;
    };
    const onEnd = (): void => fail(last === undefined ? 'the connection was closed' : reason(last, timeoutMs));
    const timer = setTimeout(() => fail(reason(last, timeoutMs)), timeoutMs);
    redis.on('ready', onReady);
    redis.on('error', onError);
    redis.on('end', onEnd);
    if (redis.status === 'wait') {
      // A failure here is reported through 'error' and the timer.
      redis.connect().catch(() => undefined);
    }
  });
}
