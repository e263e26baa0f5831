// Test support: reads what the collector wrote to Redis (orders stream lines, dead letters, positions).
import type { Redis } from 'ioredis';
import { CompactEntryDecoder, isCompactEntry, serializeOrder } from '@coffee/order-schema';
import type { RedisKeys } from '@coffee/redis-io';

/**
 * Every order line in the orders stream, in stream order: a JSON entry's lines as stored, a compact
 * entry's orders as their canonical lines (what the collector writes in JSON form, byte for byte).
 */
export async function streamLines(redis: Redis, keys: RedisKeys): Promise<string[]> {
  const entries = await redis.xrangeBuffer(keys.ordersStream, '-', '+');
  const decoder = new CompactEntryDecoder();
  const lines: string[] = [];
  for (const [, fields] of entries) {
    const at = fields.findIndex((field) => field.toString() === 'o');
    const body = at === -1 ? undefined : fields[at + 1];
    if (body === undefined || body.length === 0) {
      continue;
    }
    if (isCompactEntry(body)) {
      lines.push(...decoder.decode(body).map(serializeOrder));
    } else {
      lines.push(...body.toString('utf8').split('\n'));
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
