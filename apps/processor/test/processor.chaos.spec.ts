// Covers exactly-once under crashes: three processors on one stream of 200k orders, one SIGKILLed at random moments 10 times and restarted; totals equal the truth. Run with JSON-line entries and with compact entries (counted from columns of ids).
import { join } from 'node:path';
import { RedisKeys } from '@coffee/redis-io';
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
  waitForHealth,
  type EntryFormat,
  type ProcessorProcess,
  useProcessorSuite,
} from './support/processor-harness';

jest.setTimeout(180_000);

const ORDERS = 200_000;
const KILLS = 10;

describe('processor chaos', () => {
  const suite = useProcessorSuite('processor-chaos-');

  it.each<EntryFormat>(['json', 'compact'])(`counts ${ORDERS} orders in %s entries exactly once while one of three processors is killed ${KILLS} times`, async (format) => {
    const keys = new RedisKeys({ prefix: `chaos-${format}:` });
    const start = Math.floor((Date.now() - 3 * 3600_000) / 3600_000) * 3600_000;
    await runGenerator([
      '--rate', 'max', '--count', String(ORDERS), '--seed', '7', '--timestamps', '--start', String(start), '--interval-ms', '25',
      '--disorder-ms', '3000', '--out', join(suite.dir, `orders-${format}.txt`), '--truth', join(suite.dir, `truth-${format}.json`),
    ]);
    const truth = readTruth(join(suite.dir, `truth-${format}.json`));
    const lines = readLines(join(suite.dir, `orders-${format}.txt`));
    expect(lines).toHaveLength(ORDERS);

    // Small batches, so a kill lands mid-batch; a short claim idle time, so survivors take over quickly.
    const env = { REDIS_URL: suite.server.url, KEY_PREFIX: keys.prefix, CLAIM_IDLE_MS: '1000', BATCH_ENTRIES: '2', LOG_LEVEL: 'error' };
    const survivors = [await startProcessor({ ...env, CONSUMER_NAME: `chaos-a-${format}` }), await startProcessor({ ...env, CONSUMER_NAME: `chaos-b-${format}` })];
    let victim: ProcessorProcess = await startProcessor({ ...env, CONSUMER_NAME: `chaos-victim-${format}-0` });
    await Promise.all([...survivors, victim].map((p) => waitForHealth(p)));

    // Each round feeds a slice while the victim is up, then kills it at a random moment and restarts
    // it, alternately under the same name (it finishes its own pending entries) and a new one (the
    // others claim what it left).
    const slice = Math.ceil(ORDERS / (KILLS + 1));
    let fed = 0;
    for (let round = 0; round < KILLS; round++) {
      await appendLines(suite.redis, keys, lines.slice(fed, fed + slice), 5_000, format);
      fed += slice;
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 400)));
      expect(await victim.stop('SIGKILL')).toBeNull();
      const name = round % 2 === 0 ? victim.consumer : `chaos-victim-${format}-${round + 1}`;
      victim = await startProcessor({ ...env, CONSUMER_NAME: name });
      await waitForHealth(victim);
    }
    await appendLines(suite.redis, keys, lines.slice(fed), 5_000, format);

    await expectEventually(() => assertDrained(suite.redis, keys), { timeoutMs: 90_000, intervalMs: 250 });
    expect(await diffAgainstTruth(suite.redis, keys, truth)).toEqual([]);

    const counted = (await Promise.all([...survivors, victim].map((p) => metricValue(p, 'coffee_processor_orders_processed_total')))).reduce((a, b) => a + b, 0);
    expect(counted).toBeLessThanOrEqual(ORDERS);
    for (const processor of [...survivors, victim]) {
      expect(await processor.stop('SIGTERM')).toBe(0);
    }
  });
});
