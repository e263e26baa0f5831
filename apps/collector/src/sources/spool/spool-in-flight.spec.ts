// Covers SPOOL_MAX_FILES_IN_FLIGHT on a real redis-server: with more settled files than the bound and every commit held back, only the bound's number of files is being committed; released, all complete once.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import type { Redis } from 'ioredis';
import { createRedis, OrderStreamSink, RedisKeys, type AppendBatch, type AppendResult } from '@coffee/redis-io';
import { RetryTracker } from '@coffee/service-kit';
import { expectEventually, startRedisServer, type RedisServer } from '@coffee/testing';
import { ids, orderLines } from '../../../test/support/order-lines';
import { streamOrderIds } from '../../../test/support/stream-reader';
import { CollectorMetrics } from '../../metrics/collector.metrics';
import { LineValidatorPool } from '../../pipeline/line-validator-pool';
import { SpoolDirectories } from './spool-directory';

describe('spool files in flight', () => {
  let server: RedisServer;
  let redis: Redis;
  let dir: string;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = createRedis(server.url, { name: 'spool-in-flight-test' });
    dir = mkdtempSync(join(tmpdir(), 'collector-spool-flight-'));
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits at most SPOOL_MAX_FILES_IN_FLIGHT files at once', async () => {
    const keys = new RedisKeys({ prefix: `t-${randomUUID()}:` });
    const sink = new OrderStreamSink(redis, keys);
    for (let f = 0; f < 5; f++) {
      writeFileSync(join(dir, `f${f}.log`), orderLines(0, 10, `f${f}`));
    }
    // The real sink, with each append held until the test lets it go.
    const held: (() => void)[] = [];
    const holding = new Set<string>();
    let most = 0;
    let release = false;
    const append = async (batch: AppendBatch): Promise<AppendResult> => {
      const source = batch.checkpoint?.next.sourceId ?? '';
      holding.add(source);
      most = Math.max(most, holding.size);
      if (!release) {
        await new Promise<void>((go) => held.push(go));
      }
      holding.delete(source);
      return sink.append(batch);
    };
    const validator = new LineValidatorPool(0);
    let looks = 0;
    const logger = { log: () => undefined, warn: () => undefined, error: () => undefined };
    const spool = new SpoolDirectories(
      { dirs: [dir], settleMs: 0, pollMs: 10, maxFileBytes: 1 << 20, maxFilesInFlight: 2 },
      {
        sink: { append, readPosition: (id) => sink.readPosition(id), whenWritable: () => sink.whenWritable(), forgetPosition: async (id) => void (await redis.hdel(keys.collectorOffsets, id)) },
        validator,
        metrics: new CollectorMetrics(new Registry()),
        logger,
        tracker: (name) => new RetryTracker(name, { logger }),
        forget: () => undefined,
        batchSize: 100,
        flushIntervalMs: 5,
        maxLineBytes: 65_536,
        now: () => {
          looks++;
          return Date.now();
        },
      },
    );
    spool.start();
    try {
      await expectEventually(() => expect(held.length).toBe(2));
      // Five settled files and ten more listings of the folder (each looks at the three waiting files) later, still two.
      const looked = looks;
      await expectEventually(() => expect(looks).toBeGreaterThanOrEqual(looked + 30));
      expect(most).toBe(2);
      expect(held.length).toBe(2);
      release = true;
      held.forEach((go) => go());
      await expectEventually(() => expect(readdirSync(dir).filter((name) => name.endsWith('.COMPLETED')).length).toBe(5));
      expect(most).toBe(2);
      expect((await streamOrderIds(redis, keys)).sort()).toEqual([0, 1, 2, 3, 4].flatMap((f) => ids(0, 10, `f${f}`)).sort());
    } finally {
      await spool.stop();
      await validator.close();
    }
  });
});
