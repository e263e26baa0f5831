// Test support: reads what the collector wrote to Redis (orders stream lines, dead letters, positions).
import type { Redis } from 'ioredis';
import type { RedisKeys } from '@coffee/redis-io';

/** Every order line in the orders stream, in stream order. */
export async function streamLines(redis: Redis, keys: RedisKeys): Promise<string[]> {
  const entries = await redis.xrange(keys.ordersStream, '-', '+');
  const lines: string[] = [];
  for (const [, fields] of entries) {
    const at = fields.indexOf('o');
    if (at !== -1 && fields[at + 1] !== '') {
      lines.push(...fields[at + 1].split('\n'));
    }
  }
  return lines;
}

/** The orderId of every order in the stream, in stream order. */
export async function streamOrderIds(redis: Redis, keys: RedisKeys): Promise<string[]> {
  return (await streamLines(redis, keys)).map((line) => (JSON.parse(line) as { orderId: string }).orderId);
}

/** Every dead letter (of the file/legacy stream, or `stream`), as a field → value record, in stream order. */
export async function deadLetters(redis: Redis, keys: RedisKeys, stream = keys.deadLetterStream): Promise<Record<string, string>[]> {
  const entries = await redis.xrange(stream, '-', '+');
  return entries.map(([, fields]) => {
    const record: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) {
      record[fields[i]] = fields[i + 1];
    }
    return record;
  });
}
