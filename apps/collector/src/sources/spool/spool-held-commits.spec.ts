// Covers the spool source with its commits held back on a real redis-server: SPOOL_MAX_FILES_IN_FLIGHT (never more files in flight), and a file renamed or written to while it is being committed (reported, not read again).
import { appendFileSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

  /** A spool source on `folder` over the real sink, each append held until `release()`. */
  function heldSpool(folder: string, keys: RedisKeys, maxFilesInFlight: number) {
    const sink = new OrderStreamSink(redis, keys);
    const held: (() => void)[] = [];
    const holding = new Set<string>();
    const state = { most: 0, looks: 0, release: false };
    const append = async (batch: AppendBatch): Promise<AppendResult> => {
      const source = batch.checkpoint?.next.sourceId ?? '';
      holding.add(source);
      state.most = Math.max(state.most, holding.size);
      if (!state.release) {
        await new Promise<void>((go) => held.push(go));
      }
      holding.delete(source);
      return sink.append(batch);
    };
    const validator = new LineValidatorPool(0);
    const logger = { log: () => undefined, warn: () => undefined, error: () => undefined };
    const metrics = new CollectorMetrics(new Registry());
    const spool = new SpoolDirectories(
      { dirs: [folder], settleMs: 0, pollMs: 10, maxFileBytes: 1 << 20, maxFilesInFlight },
      {
        sink: { append, readPosition: (id) => sink.readPosition(id), whenWritable: () => sink.whenWritable(), forgetPosition: async (id) => void (await redis.hdel(keys.collectorOffsets, id)) },
        validator,
        metrics,
        logger,
        tracker: (name) => new RetryTracker(name, { logger }),
        forget: () => undefined,
        batchSize: 100,
        flushIntervalMs: 5,
        maxLineBytes: 65_536,
        now: () => {
          state.looks++;
          return Date.now();
        },
      },
    );
    return {
      spool,
      held,
      state,
      metrics,
      release(): void {
        state.release = true;
        held.forEach((go) => go());
      },
      async stop(): Promise<void> {
        await spool.stop();
        await validator.close();
      },
    };
  }

  async function outcomes(metrics: CollectorMetrics): Promise<Record<string, number>> {
    const counted = (await metrics.spoolFiles.get()).values;
    return Object.fromEntries(counted.map((v) => [String(v.labels.outcome), v.value]));
  }

  it('commits at most SPOOL_MAX_FILES_IN_FLIGHT files at once', async () => {
    const folder = mkdtempSync(join(dir, 'flight-'));
    const keys = new RedisKeys({ prefix: `t-${randomUUID()}:` });
    for (let f = 0; f < 5; f++) {
      writeFileSync(join(folder, `f${f}.log`), orderLines(0, 10, `f${f}`));
    }
    const run = heldSpool(folder, keys, 2);
    run.spool.start();
    try {
      await expectEventually(() => expect(run.held.length).toBe(2));
      // Five settled files and ten more listings of the folder (each looks at the three waiting files) later, still two.
      const looked = run.state.looks;
      await expectEventually(() => expect(run.state.looks).toBeGreaterThanOrEqual(looked + 30));
      expect(run.state.most).toBe(2);
      expect(run.held.length).toBe(2);
      run.release();
      await expectEventually(() => expect(readdirSync(folder).filter((name) => name.endsWith('.COMPLETED')).length).toBe(5));
      expect(run.state.most).toBe(2);
      expect((await streamOrderIds(redis, keys)).sort()).toEqual([0, 1, 2, 3, 4].flatMap((f) => ids(0, 10, `f${f}`)).sort());
    } finally {
      await run.stop();
    }
  });

  it('reports a file renamed while it is committed, and only completes it under its new name', async () => {
    const folder = mkdtempSync(join(dir, 'renamed-'));
    const keys = new RedisKeys({ prefix: `t-${randomUUID()}:` });
    writeFileSync(join(folder, 'a.log'), orderLines(0, 10, 'a'));
    const run = heldSpool(folder, keys, 1);
    run.spool.start();
    try {
      await expectEventually(() => expect(run.held.length).toBe(1));
      renameSync(join(folder, 'a.log'), join(folder, 'b.log'));
      run.release();
      await expectEventually(() => expect(readdirSync(folder)).toEqual(['b.log.COMPLETED']));
      expect(await streamOrderIds(redis, keys)).toEqual(ids(0, 10, 'a'));
      expect(await outcomes(run.metrics)).toEqual({ renamed: 1, completed: 1 });
    } finally {
      await run.stop();
    }
  });

  it('reports a file written to while it is committed: what was taken is stored once, the rest is not read', async () => {
    const folder = mkdtempSync(join(dir, 'changed-'));
    const keys = new RedisKeys({ prefix: `t-${randomUUID()}:` });
    writeFileSync(join(folder, 'a.log'), orderLines(0, 10, 'a'));
    const run = heldSpool(folder, keys, 1);
    run.spool.start();
    try {
      await expectEventually(() => expect(run.held.length).toBe(1));
      appendFileSync(join(folder, 'a.log'), orderLines(10, 5, 'a'));
      run.release();
      await expectEventually(() => expect(readdirSync(folder)).toEqual(['a.log.FAILED']));
      expect(await streamOrderIds(redis, keys)).toEqual(ids(0, 10, 'a'));
      expect(await outcomes(run.metrics)).toEqual({ changed: 1 });
    } finally {
      await run.stop();
    }
  });
});
