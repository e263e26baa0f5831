// Covers the legacy list source on a real redis-server: CoffeeOrderQueue elements reach the stream stamped, bad ones the dead letters, each counted once after its commit.
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { ServiceHealth } from '@coffee/service-kit';
import type { Redis } from 'ioredis';
import { createRedis, RedisKeys } from '@coffee/redis-io';
import { expectEventually, startRedisServer, type RedisServer } from '@coffee/testing';
import { deadLetters, streamOrderIds } from '../../../test/support/stream-reader';
import { ids, orderLine } from '../../../test/support/order-lines';
import { loadCollectorConfig, type CollectorConfig } from '../../config/collector.config';
import { CollectorMetrics } from '../../metrics/collector.metrics';
import { CollectorRedis } from '../../redis/collector-redis';
import { LegacyListService } from './legacy-list.service';

describe('LegacyListService', () => {
  let server: RedisServer;
  let redis: Redis;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    server = await startRedisServer();
    redis = createRedis(server.url, { name: 'legacy-test' });
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  function config(legacyList: boolean): CollectorConfig {
    return {
      redisUrl: server.url,
      keyPrefix: `t-${randomUUID()}:`,
      logLevel: 'silent',
      port: 0,
      ordersFiles: [],
      startPosition: 'beginning',
      batchSize: 100,
      flushIntervalMs: 5,
      maxLineBytes: 65_536,
      bodyLimit: '1mb',
      legacyList,
      parseThreads: 0,
      idempotencyTtlSeconds: 600,
      host: '127.0.0.1',
      ingestLimits: loadCollectorConfig({}).ingestLimits,
    };
  }

  it('moves the original list into the stream, in order, with bad elements dead-lettered', async () => {
    const cfg = config(true);
    const keys = new RedisKeys({ prefix: cfg.keyPrefix });
    const collectorRedis = new CollectorRedis(cfg);
    const service = new LegacyListService(cfg, collectorRedis, new CollectorMetrics(new Registry()), new ServiceHealth({ failingAfterMs: 5_000 }));
    await redis.rpush(keys.legacyList, orderLine(0, 'legacy'), '{"branch":"sunae"}', orderLine(1, 'legacy'));
    service.onApplicationBootstrap();
    await redis.rpush(keys.legacyList, orderLine(2, 'legacy'));
    await expectEventually(async () => expect(await streamOrderIds(redis, keys)).toEqual(ids(0, 3, 'legacy')));
    expect((await deadLetters(redis, keys)).map((d) => [d.code, d.source])).toEqual([['MISSING_FIELD', keys.legacyList]]);
    expect(await redis.llen(keys.legacyList)).toBe(0);
    await service.beforeApplicationShutdown();
    await collectorRedis.onApplicationShutdown();
  });

  /** `coffee_collector_<name>` for `source="legacy"` (and `code`, for rejections). */
  async function legacyCount(registry: Registry, name: string, code?: string): Promise<number> {
    const metric = await registry.getSingleMetric(`coffee_collector_${name}`)?.get();
    return metric?.values.find((value) => value.labels.source === 'legacy' && (code === undefined || value.labels.code === code))?.value ?? 0;
  }

  it('counts a hand-off once, after its commit held, however often a failed commit handed it again', async () => {
    const cfg = config(true);
    const keys = new RedisKeys({ prefix: cfg.keyPrefix });
    const registry = new Registry();
    const collectorRedis = new CollectorRedis(cfg);
    const health = new ServiceHealth({ failingAfterMs: 5_000 });
    const service = new LegacyListService(cfg, collectorRedis, new CollectorMetrics(registry), health);
    // The orders stream key holds a string: every commit fails (WRONGTYPE) and the batch stays in the processing list.
    await redis.set(keys.ordersStream, 'not a stream');
    await redis.rpush(keys.legacyList, orderLine(0, 'legacy'), '{"branch":"sunae"}', orderLine(1, 'legacy'));
    service.onApplicationBootstrap();
    // Two failed commits of the same batch.
    await expectEventually(() => expect(health.statuses().find((status) => status.name === 'legacy list reader')?.consecutiveFailures).toBeGreaterThanOrEqual(2), { timeoutMs: 15_000 });
    expect(await legacyCount(registry, 'lines_read_total')).toBe(0);
    await redis.del(keys.ordersStream);
    await expectEventually(async () => expect(await streamOrderIds(redis, keys)).toEqual(ids(0, 2, 'legacy')), { timeoutMs: 15_000 });
    await expectEventually(async () => expect(await legacyCount(registry, 'lines_read_total')).toBe(3));
    expect(await legacyCount(registry, 'orders_accepted_total')).toBe(2);
    expect(await legacyCount(registry, 'orders_rejected_total', 'MISSING_FIELD')).toBe(1);
    await service.beforeApplicationShutdown();
    await collectorRedis.onApplicationShutdown();
  });

  it('leaves the list alone when LEGACY_LIST is off', async () => {
    const cfg = config(false);
    const keys = new RedisKeys({ prefix: cfg.keyPrefix });
    const collectorRedis = new CollectorRedis(cfg);
    const service = new LegacyListService(cfg, collectorRedis, new CollectorMetrics(new Registry()), new ServiceHealth({ failingAfterMs: 5_000 }));
    await redis.rpush(keys.legacyList, orderLine(0));
    service.onApplicationBootstrap();
    await service.beforeApplicationShutdown();
    expect(await redis.llen(keys.legacyList)).toBe(1);
    await collectorRedis.onApplicationShutdown();
  });
});
