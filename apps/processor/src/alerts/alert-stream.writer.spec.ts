// Covers AlertStreamWriter on a real redis-server: each alert id written (and published) once across writers, the stream bounded by MAXLEN.
import type { AlertEvent } from '@coffee/aggregation';
import { RedisKeys } from '@coffee/redis-io';
import { expectEventually, startRedisServer, type RedisServer } from '@coffee/testing';
import { Redis } from 'ioredis';
import { AlertStreamWriter } from './alert-stream.writer';

function event(branch: string, windowStart: number, state: AlertEvent['state'] = 'open'): AlertEvent {
  return { id: `silent:${branch}:${windowStart}`, rule: 'silent', branch, state, windowStart, windowEnd: windowStart + 30_000, date: 'd', value: 0 };
}

describe('AlertStreamWriter', () => {
  let server: RedisServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url);
  });

  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it('writes and publishes each id once, whichever writer (processor) tries it', async () => {
    const keys = new RedisKeys({ prefix: 'writer-once:' });
    const subscriber = new Redis(server.url);
    const published: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => published.push(message));
    await subscriber.subscribe(keys.alertsChannel);
    const other = new Redis(server.url);
    try {
      const a = new AlertStreamWriter(redis, keys, { maxLen: 1_000, idTtlSeconds: 60 });
      const b = new AlertStreamWriter(other, keys, { maxLen: 1_000, idTtlSeconds: 60 });
      const first = await a.write([event('sunae', 0), event('migeum', 0)]);
      expect(first.map((e) => e.id)).toEqual(['silent:sunae:0', 'silent:migeum:0']);
      const again = await Promise.all([a.write([event('sunae', 0), event('sunae', 30_000)]), b.write([event('sunae', 0), event('sunae', 30_000)])]);
      expect(again.flat().map((e) => e.id)).toEqual(['silent:sunae:30000']);
      const entries = await redis.xrange(keys.alertsStream, '-', '+');
      expect(entries.map(([, fields]) => fields[1])).toEqual(['silent:sunae:0', 'silent:migeum:0', 'silent:sunae:30000']);
      expect(JSON.parse(entries[0]?.[1][3] ?? '{}')).toMatchObject({ rule: 'silent', branch: 'sunae', state: 'open' });
      await expectEventually(() => expect(published).toHaveLength(3));
      expect(await redis.ttl(keys.alertMarker('silent:sunae:0'))).toBeGreaterThan(0);
      expect(await a.write([])).toEqual([]);
    } finally {
      subscriber.disconnect();
      other.disconnect();
    }
  });

  it('keeps the stream near ALERT_STREAM_MAXLEN when more alerts than that are written', async () => {
    const keys = new RedisKeys({ prefix: 'writer-maxlen:' });
    const writer = new AlertStreamWriter(redis, keys, { maxLen: 10, idTtlSeconds: 60 });
    for (let i = 0; i < 50; i++) {
      await writer.write(Array.from({ length: 10 }, (_, j) => event(`b${j}`, i * 30_000)));
    }
    // MAXLEN ~ trims whole radix-tree nodes (100 entries by default): bounded, not exact.
    expect(await redis.xlen(keys.alertsStream)).toBeLessThanOrEqual(110);
  });
});
