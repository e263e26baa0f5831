import { RedisKeys } from '@coffee/redis-io';
import { startRedisServer, type RedisServer } from '@coffee/testing';
import Redis, { type RedisOptions } from 'ioredis';

let counter = 0;

/** A key prefix no other test uses (tests share one server per suite). */
export function uniqueKeys(): RedisKeys {
  counter += 1;
  return new RedisKeys({ prefix: `t${counter}-${process.pid}-${Math.random().toString(36).slice(2, 8)}:` });
}

/** Clients opened by {@link connect}, closed by {@link disconnectAll}. */
const clients = new Set<Redis>();

/** Opens a client on `url` that retries quickly and gives up on no command by itself. */
export function connect(url: string, options: RedisOptions = {}): Redis {
  const client = new Redis(url, { retryStrategy: () => 50, lazyConnect: false, ...options });
  clients.add(client);
  return client;
}

/** Closes a client and waits until its socket is gone. */
export async function disconnect(client: Redis): Promise<void> {
  clients.delete(client);
  if (client.status === 'end') {
    return;
  }
  const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
  if (client.status === 'ready') {
    await client.quit().catch(() => client.disconnect());
  } else {
    client.disconnect();
  }
  await ended;
}

/** Closes every client opened by {@link connect}. */
export async function disconnectAll(): Promise<void> {
  await Promise.all([...clients].map((client) => disconnect(client)));
}

/**
 * Makes `count` stream entries pending for `consumer`: creates the group (MKSTREAM), XADDs the
 * entries and reads them with XREADGROUP. Resolves their ids, in order.
 */
export async function pendingEntries(redis: Redis, keys: RedisKeys, consumer: string, count: number): Promise<string[]> {
  await redis.xgroup('CREATE', keys.ordersStream, RedisKeys.PROCESSOR_GROUP, '$', 'MKSTREAM').catch((error: unknown) => {
    if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) {
      throw error;
    }
  });
  for (let i = 0; i < count; i += 1) {
    await redis.xadd(keys.ordersStream, '*', 'n', String(i));
  }
  return readAsConsumer(redis, keys, consumer, count);
}

/** XREADGROUPs up to `count` new entries as `consumer`; resolves their ids. */
export async function readAsConsumer(redis: Redis, keys: RedisKeys, consumer: string, count: number): Promise<string[]> {
  const reply = await redis.xreadgroup('GROUP', RedisKeys.PROCESSOR_GROUP, consumer, 'COUNT', count, 'STREAMS', keys.ordersStream, '>');
  const ids: string[] = [];
  for (const [, entries] of (reply ?? []) as [string, [string, string[]][]][]) {
    for (const [id] of entries) {
      ids.push(id);
    }
  }
  return ids;
}

/** Ids pending for `consumer` in the processors group. */
export async function pendingFor(redis: Redis, keys: RedisKeys, consumer: string): Promise<string[]> {
  const reply = (await redis.xpending(keys.ordersStream, RedisKeys.PROCESSOR_GROUP, '-', '+', 10_000, consumer)) as [string, string, number, number][];
  return reply.map(([id]) => id);
}

/** What {@link useStoreServer} provides, set in its `beforeAll`. */
export interface StoreServer {
  server: RedisServer;
  /** A client from {@link connect} on `server`. */
  redis: Redis;
}

/** Registers `beforeAll`/`afterAll`: a private redis-server and a client for the suite; every {@link connect}ed client closed after. */
export function useStoreServer(): StoreServer {
  const suite: Partial<StoreServer> = {};
  beforeAll(async () => {
    suite.server = await startRedisServer();
    suite.redis = connect(suite.server.url);
  });
  afterAll(async () => {
    await disconnectAll();
    await suite.server?.stop();
  });
  return suite as StoreServer;
}
