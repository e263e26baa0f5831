// Shared test fixtures: unique key prefixes, order lines, and connections closed after each suite.
import { startRedisServer, type RedisServer } from '@coffee/testing';
import type { Redis } from 'ioredis';
import { createRedis, RedisKeys } from '../../src/index';

let counter = 0;

/** Keys under a prefix no other test uses. */
export function uniqueKeys(label = 't'): RedisKeys {
  counter += 1;
  return new RedisKeys({ prefix: `${label}-${process.pid}-${counter}:` });
}

const BRANCHES = ['jeongja', 'seohyeon', 'sunae', 'migeum'];

/** A compact, valid order line; `i` makes it unique. */
export function orderLine(i: number): string {
  return JSON.stringify({
    branch: BRANCHES[i % BRANCHES.length],
    orders: ['Americano', 'Caffe Latte'].slice(0, 1 + (i % 2)),
    paymentMethod: 'Cash',
    customerAgeGrade: '2030',
    timestamp: 1_412_123_456_000 + i,
    orderId: `o-${i}`,
  });
}

/** `count` order lines numbered from `from`. */
export function orderLines(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => orderLine(from + i));
}

/** Closes a connection without leaving timers behind: QUIT when ready, else disconnect. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    try {
      await redis.quit();
      return;
    } catch {
      // fall through
    }
  }
  redis.disconnect();
}

/** Connections opened by a suite; `closeAll()` in `afterAll`. */
export class Connections {
  private readonly open: Redis[] = [];

  constructor(private readonly url: () => string) {}

  /** A new connection to the suite's server (commands wait across reconnects). */
  connect(name?: string): Redis {
    const redis = createRedis(this.url(), { name, maxRetriesPerRequest: null });
    this.open.push(redis);
    return redis;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.open.splice(0).map(closeRedis));
  }
}

/** The order lines stored in the orders stream, in stream order (entries split back into lines). */
export async function streamLines(redis: Redis, keys: RedisKeys): Promise<string[]> {
  const entries = await redis.xrange(keys.ordersStream, '-', '+');
  return entries.flatMap(([, fields]) => {
    const body = fields[fields.indexOf('o') + 1];
    return body === '' ? [] : body.split('\n');
  });
}

/** Dead letters stored, as field maps. */
export async function deadLetters(redis: Redis, keys: RedisKeys): Promise<Record<string, string>[]> {
  const entries = await redis.xrange(keys.deadLetterStream, '-', '+');
  return entries.map(([, fields]) => {
    const record: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) {
      record[fields[i]] = fields[i + 1];
    }
    return record;
  });
}

/** A suite's private redis-server, its connections and one default connection, started in `beforeAll` and closed in `afterAll`. */
export interface RedisSuite {
  server: RedisServer;
  connections: Connections;
  redis: Redis;
}

/** Registers the suite's hooks; read the fields inside tests (they are set in `beforeAll`). */
export function useRedisSuite(connectionName: string): RedisSuite {
  const suite: Partial<RedisSuite> = {};
  beforeAll(async () => {
    const server = await startRedisServer();
    suite.server = server;
    suite.connections = new Connections(() => server.url);
    suite.redis = suite.connections.connect(connectionName);
  });
  afterAll(async () => {
    await suite.connections?.closeAll();
    await suite.server?.stop();
  });
  return suite as RedisSuite;
}
