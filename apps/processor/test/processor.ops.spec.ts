// Covers the built processor's operations behaviour on real Redis: two processors on one host with default port settings, readiness 503 with the cause while applies fail (OOM) and exact totals after, and removal of idle consumers that hold nothing.
import { join } from 'node:path';
import { RedisKeys } from '@coffee/redis-io';
import { expectNotReadyBecause } from '@coffee/service-kit/testing';
import { expectEventually } from '@coffee/testing';
import {
  appendLines,
  assertDrained,
  diffAgainstTruth,
  metricValue,
  readLines,
  readTruth,
  runGenerator,
  startProcessor,
  useProcessorSuite,
  type ProcessorProcess,
} from './support/processor-harness';

jest.setTimeout(120_000);

/** The port a processor says it listens on (its start-up line), once it said so. */
async function listeningPort(processor: ProcessorProcess): Promise<{ port: number; line: string }> {
  let found: { port: number; line: string } | undefined;
  await expectEventually(
    () => {
      const line = processor.output.join('').split('\n').find((l) => l.includes('processor listening on http://'));
      expect(line).toBeDefined();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line ?? '');
      expect(match).not.toBeNull();
      found = { port: Number(match?.[1]), line: line ?? '' };
    },
    { timeoutMs: 30_000 },
  );
  if (found === undefined) {
    throw new Error(`no start-up line: ${processor.output.join('')}`);
  }
  return found;
}

async function consumers(redis: import('ioredis').Redis, keys: RedisKeys): Promise<Record<string, number>> {
  const info = (await redis.call('XINFO', 'CONSUMERS', keys.ordersStream, RedisKeys.PROCESSOR_GROUP)) as (string | number)[][];
  return Object.fromEntries(info.map((fields) => [String(fields[fields.indexOf('name') + 1]), Number(fields[fields.indexOf('pending') + 1])]));
}

describe('processor operations (built app)', () => {
  const suite = useProcessorSuite('processor-ops-');

  it('starts two processors on one host with default port and name settings: the second takes the next free health port and says so', async () => {
    const keys = new RedisKeys({ prefix: 'ops-two:' });
    await runGenerator(['--rate', 'max', '--count', '500', '--seed', '3', '--timestamps', '--out', join(suite.dir, 'two.txt')]);
    await appendLines(suite.redis, keys, readLines(join(suite.dir, 'two.txt')));
    const defaults = { REDIS_URL: suite.server.url, KEY_PREFIX: keys.prefix, PROCESSOR_PORT: '', CONSUMER_NAME: '', LOG_LEVEL: 'info' };
    const first = await startProcessor(defaults);
    const one = await listeningPort(first);
    const second = await startProcessor(defaults);
    const two = await listeningPort(second);
    try {
      expect(two.port).not.toBe(one.port);
      expect(two.line).toMatch(/\(port \d+ was taken\)/);
      expect(second.output.join('')).not.toContain('EADDRINUSE');
      for (const port of [one.port, two.port]) {
        expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
        await expectEventually(async () => expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200));
      }
      await expectEventually(() => assertDrained(suite.redis, keys), { timeoutMs: 30_000 });
      expect(Object.keys(await consumers(suite.redis, keys))).toHaveLength(2);
    } finally {
      expect(await first.stop()).toBe(0);
      expect(await second.stop()).toBe(0);
    }
  });

  it('answers 503 with the cause while applies fail for good (maxmemory 1mb, noeviction), then counts exactly once the cause is removed', async () => {
    const keys = new RedisKeys({ prefix: 'ops-oom:' });
    const start = Math.floor((Date.now() - 3600_000) / 3600_000) * 3600_000;
    await runGenerator([
      '--rate', 'max', '--count', '3000', '--seed', '8', '--timestamps', '--start', String(start), '--interval-ms', '500',
      '--out', join(suite.dir, 'oom.txt'), '--truth', join(suite.dir, 'oom-truth.json'),
    ]);
    await appendLines(suite.redis, keys, readLines(join(suite.dir, 'oom.txt')));
    await suite.redis.config('SET', 'maxmemory-policy', 'noeviction');
    await suite.redis.set('ballast', 'x'.repeat(2 * 1024 * 1024));
    await suite.redis.config('SET', 'maxmemory', '1mb');
    let induced = true;
    const processor = await startProcessor({ REDIS_URL: suite.server.url, KEY_PREFIX: keys.prefix, CONSUMER_NAME: 'ops-oom', READY_FAILING_MS: '1000' });
    const base = `http://127.0.0.1:${processor.port}`;
    try {
      await expectNotReadyBecause(base, [/(apply|read) failing for \d+ s \(\d+ attempts\): .*OOM/], 30_000);
      expect(await metricValue(processor, 'coffee_retry_consecutive_failures')).toBeGreaterThan(0);
      await suite.redis.config('SET', 'maxmemory', '0');
      await suite.redis.del('ballast');
      induced = false;
      await expectEventually(() => assertDrained(suite.redis, keys), { timeoutMs: 60_000, intervalMs: 200 });
      await expectEventually(async () => expect((await fetch(`${base}/health/ready`)).status).toBe(200));
      expect(await metricValue(processor, 'coffee_retry_consecutive_failures')).toBe(0);
      expect(await diffAgainstTruth(suite.redis, keys, readTruth(join(suite.dir, 'oom-truth.json')))).toEqual([]);
    } finally {
      if (induced) {
        await suite.redis.config('SET', 'maxmemory', '0');
        await suite.redis.del('ballast');
      }
      expect(await processor.stop()).toBe(0);
    }
  });

  it('removes consumers idle past CONSUMER_IDLE_MS with nothing pending, never one holding entries', async () => {
    const keys = new RedisKeys({ prefix: 'ops-idle:' });
    await runGenerator(['--rate', 'max', '--count', '50', '--seed', '4', '--timestamps', '--out', join(suite.dir, 'idle.txt')]);
    await appendLines(suite.redis, keys, readLines(join(suite.dir, 'idle.txt')), 10);
    await suite.redis.xgroup('CREATE', keys.ordersStream, RedisKeys.PROCESSOR_GROUP, '0', 'MKSTREAM');
    // A crashed processor that holds two entries, and two that died holding nothing.
    await suite.redis.xreadgroup('GROUP', RedisKeys.PROCESSOR_GROUP, 'crashed-holding', 'COUNT', 2, 'STREAMS', keys.ordersStream, '>');
    for (const name of ['crashed-empty-1', 'crashed-empty-2']) {
      await suite.redis.call('XGROUP', 'CREATECONSUMER', keys.ordersStream, RedisKeys.PROCESSOR_GROUP, name);
    }
    const processor = await startProcessor({
      REDIS_URL: suite.server.url,
      KEY_PREFIX: keys.prefix,
      CONSUMER_NAME: 'ops-idle',
      CONSUMER_IDLE_MS: '2000',
      CLAIM_IDLE_MS: '600000',
      LOG_LEVEL: 'info',
    });
    try {
      await expectEventually(async () => expect(await consumers(suite.redis, keys)).toEqual({ 'crashed-holding': 2, 'ops-idle': 0 }), { timeoutMs: 30_000 });
      await expectEventually(() => expect(processor.output.join('')).toMatch(/removed \d consumers idle for 2000 ms or more with nothing pending: crashed-empty/));
    } finally {
      expect(await processor.stop()).toBe(0);
    }
  });
});
