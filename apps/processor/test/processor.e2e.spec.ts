// Covers the built processor end to end: generator orders (with --truth) in the stream → stored layout equal to the truth, a Redis restart mid-stream, clean SIGTERM exits.
import { join } from 'node:path';
import { RedisKeys } from '@coffee/redis-io';
import { expectEventually, startRedisServer } from '@coffee/testing';
import { Redis } from 'ioredis';
import {
  appendLines,
  assertDrained,
  diffAgainstTruth,
  groupState,
  metricValue,
  readLines,
  readTruth,
  runGenerator,
  startProcessor,
  waitForHealth,
  useProcessorSuite,
} from './support/processor-harness';

jest.setTimeout(120_000);

describe('processor end to end', () => {
  const suite = useProcessorSuite('processor-e2e-');

  it('turns the stream into exactly the generator truth, for every type, branch, resolution and the roll-up', async () => {
    const keys = new RedisKeys({ prefix: 'e2e-truth:' });
    const start = Math.floor((Date.now() - 3 * 3600_000) / 3600_000) * 3600_000;
    await runGenerator([
      '--rate', 'max', '--count', '40000', '--seed', '42', '--timestamps', '--start', String(start), '--interval-ms', '150',
      '--out', join(suite.dir, 'orders.txt'), '--truth', join(suite.dir, 'truth.json'),
    ]);
    const truth = readTruth(join(suite.dir, 'truth.json'));
    expect(truth.orders).toBe(40_000);
    await appendLines(suite.redis, keys, readLines(join(suite.dir, 'orders.txt')));

    const processor = await startProcessor({ REDIS_URL: suite.server.url, KEY_PREFIX: keys.prefix, CONSUMER_NAME: 'e2e-1' });
    await waitForHealth(processor);
    await expectEventually(() => assertDrained(suite.redis, keys), { timeoutMs: 60_000, intervalMs: 200 });

    expect(await diffAgainstTruth(suite.redis, keys, truth)).toEqual([]);
    expect(await metricValue(processor, 'coffee_processor_orders_processed_total')).toBe(40_000);
    const ready = await fetch(`http://127.0.0.1:${processor.port}/health/ready`);
    expect(ready.status).toBe(200);

    expect(await processor.stop('SIGTERM')).toBe(0);
    // Nothing pending: the consumer left the group cleanly.
    expect(await groupState(suite.redis, keys)).toMatchObject({ consumers: 0, pending: 0, lag: 0 });
  });

  it('keeps the totals exact across a Redis restart mid-stream, and exits 0 on SIGTERM while Redis is down', async () => {
    const durable = await startRedisServer({ appendOnly: true });
    const client = new Redis(durable.url, { maxRetriesPerRequest: null });
    client.on('error', () => undefined);
    try {
      const keys = new RedisKeys({ prefix: 'e2e-restart:' });
      const start = Math.floor((Date.now() - 2 * 3600_000) / 3600_000) * 3600_000;
      await runGenerator([
        '--rate', 'max', '--count', '100000', '--seed', '5', '--timestamps', '--start', String(start), '--interval-ms', '40',
        '--out', join(suite.dir, 'restart.txt'), '--truth', join(suite.dir, 'restart-truth.json'),
      ]);
      await appendLines(client, keys, readLines(join(suite.dir, 'restart.txt')));
      const processor = await startProcessor({ REDIS_URL: durable.url, KEY_PREFIX: keys.prefix, CONSUMER_NAME: 'restart-1', BATCH_ENTRIES: '1' });
      await waitForHealth(processor);
      await expectEventually(async () => expect(await metricValue(processor, 'coffee_processor_orders_processed_total')).toBeGreaterThan(0), { intervalMs: 20 });
      // Every applied batch is in the append-only file (fsync always) before Redis answers.
      await durable.kill();
      await durable.start();
      await expectEventually(() => assertDrained(client, keys), { timeoutMs: 60_000, intervalMs: 200 });
      expect(await diffAgainstTruth(client, keys, readTruth(join(suite.dir, 'restart-truth.json')))).toEqual([]);

      client.disconnect();
      await durable.kill();
      expect(await processor.stop('SIGTERM')).toBe(0);
    } finally {
      if (client.status !== 'end') {
        client.disconnect();
      }
      await durable.stop();
    }
  });

  it('fails fast with a message naming a bad variable', async () => {
    const processor = await startProcessor({ REDIS_URL: suite.server.url, RESOLUTIONS: '1m,1h' });
    expect(await processor.exited).toBe(1);
    expect(processor.output.join('')).toContain('RESOLUTIONS');
  });
});
