// Covers LegacyListSource in-process on a real server: hand-off, dead letters, recovery after a failed handler, idempotent commit script.
import { expectEventually } from '@coffee/testing';
import { useRedisSuite, deadLetters, orderLines, streamLines, uniqueKeys } from '../../test/support/redis-io.fixtures';
import { LegacyListSource, type LegacyListHandler } from './legacy-list.source';
import type { RedisKeys } from './redis-keys';
import { COMMIT_LEGACY_BATCH } from './scripts/commit-legacy-batch.lua';
import { scriptCaller } from './scripts/lua-script';
import { TAKE_LEGACY_BATCH } from './scripts/take-legacy-batch.lua';

/** Accepts lines that parse as objects, dead-letters the rest (what the collector does, minus the schema). */
const validate: LegacyListHandler = (raw, { source }) => {
  const lines: string[] = [];
  const rejected = raw.flatMap((element, index) => {
    try {
      if (typeof JSON.parse(element) === 'object') {
        lines.push(element);
        return [];
      }
    } catch {
      // rejected below
    }
    return [{ raw: element, code: 'INVALID_JSON', message: 'not an order', source, position: `#${index}` }];
  });
  return { lines, deadLetters: rejected };
};

describe('LegacyListSource', () => {
  const suite = useRedisSuite('legacy-test');

  /** Runs a reader until the orders stream holds `lines` lines, then stops it. */
  async function drain(keys: RedisKeys, consumer: string, lines: number, handler: LegacyListHandler = validate, batchSize = 100): Promise<void> {
    const abort = new AbortController();
    const reader = new LegacyListSource(suite.connections.connect(), keys, { consumer, batchSize, blockMs: 20 });
    const running = reader.run(handler, abort.signal);
    try {
      await expectEventually(async () => expect((await streamLines(suite.redis, keys)).length).toBeGreaterThanOrEqual(lines));
    } finally {
      abort.abort();
    }
    await running;
  }

  it('moves every element into the orders stream in order and empties both lists', async () => {
    const keys = uniqueKeys();
    const lines = orderLines(1_050);
    await suite.redis.rpush(keys.legacyList, ...lines.slice(0, 500), 'garbage', ...lines.slice(500));
    await drain(keys, 'c1', lines.length);
    expect(await streamLines(suite.redis, keys)).toEqual(lines);
    expect(await suite.redis.llen(keys.legacyList)).toBe(0);
    expect(await suite.redis.llen(keys.legacyProcessing('c1'))).toBe(0);
    expect(await deadLetters(suite.redis, keys)).toEqual([expect.objectContaining({ raw: 'garbage', code: 'INVALID_JSON', source: keys.legacyList })]);
  });

  it('waits for elements pushed later (BLMOVE)', async () => {
    const keys = uniqueKeys();
    const abort = new AbortController();
    const reader = new LegacyListSource(suite.connections.connect(), keys, { consumer: 'c1', blockMs: 50 });
    const running = reader.run(validate, abort.signal);
    await suite.redis.rpush(keys.legacyList, ...orderLines(3));
    await expectEventually(async () => expect(await streamLines(suite.redis, keys)).toEqual(orderLines(3)));
    abort.abort();
    expect(await running).toEqual({ elements: 3, lines: 3, deadLetters: 0 });
  });

  it('keeps a batch whose handler failed in the processing list and hands it again first on restart', async () => {
    const keys = uniqueKeys();
    const lines = orderLines(30);
    await suite.redis.rpush(keys.legacyList, ...lines);
    let calls = 0;
    const failSecond: LegacyListHandler = (raw, context) => {
      calls += 1;
      if (calls === 2) {
        throw new Error('collector crashed');
      }
      return validate(raw, context);
    };
    const reader = new LegacyListSource(suite.connections.connect(), keys, { consumer: 'c1', batchSize: 10, blockMs: 20 });
    await expect(reader.run(failSecond, new AbortController().signal)).rejects.toThrow('collector crashed');
    expect(await suite.redis.lrange(keys.legacyProcessing('c1'), 0, -1)).toEqual(lines.slice(10, 20));

    const handed: string[][] = [];
    await drain(keys, 'c1', 30, (raw, context) => {
      handed.push(raw);
      return validate(raw, context);
    }, 10);
    expect(handed[0]).toEqual(lines.slice(10, 20));
    expect(await streamLines(suite.redis, keys)).toEqual(lines);
    expect(await suite.redis.llen(keys.legacyProcessing('c1'))).toBe(0);
  });

  it('take and commit scripts: a batch commits once; a repeated (resent) commit writes nothing', async () => {
    const keys = uniqueKeys();
    const processing = keys.legacyProcessing('c1');
    const counter = keys.legacyCommitted('c1');
    await suite.redis.rpush(keys.legacyList, 'a', 'b', 'c');
    const take = scriptCaller(suite.redis, TAKE_LEGACY_BATCH);
    const commit = scriptCaller(suite.redis, COMMIT_LEGACY_BATCH);
    expect(await take(keys.legacyList, processing, counter, 2)).toEqual([0, 'a', 'b']);
    // Taking again (a restarted reader) hands the same batch: the processing list comes first.
    expect(await take(keys.legacyList, processing, counter, 2)).toEqual([0, 'a', 'b']);
    expect(await suite.redis.lrange(keys.legacyList, 0, -1)).toEqual(['c']);

    const args = [processing, counter, keys.ordersStream, keys.deadLetterStream, 2, 0, 1, 1, 1000, 2, 'a\nb', 'x', 'CODE', 'msg', 'src', 'pos', '1'];
    const first = (await commit(...args)) as string[];
    expect(first[0]).toBe('OK');
    expect(first).toHaveLength(2);
    expect(await commit(...args)).toEqual(['STALE']);
    expect(await suite.redis.xlen(keys.ordersStream)).toBe(1);
    expect(await suite.redis.xlen(keys.deadLetterStream)).toBe(1);
    expect(await suite.redis.lrange(processing, 0, -1)).toEqual([]);
    expect(await suite.redis.get(counter)).toBe('2');

    // The next batch is taken against the new counter; an old counter value is refused.
    expect(await take(keys.legacyList, processing, counter, 2)).toEqual([2, 'c']);
    expect(await commit(processing, counter, keys.ordersStream, keys.deadLetterStream, 1, 0, 0, 0, 1000)).toEqual(['STALE']);
    expect(await commit(processing, counter, keys.ordersStream, keys.deadLetterStream, 1, 2, 0, 0, 1000)).toEqual(['OK']);
    expect(await suite.redis.llen(processing)).toBe(0);
    expect(await take(keys.legacyList, processing, counter, 2)).toEqual([3]);

    // An element already held (moved by BLMOVE) is topped up from the queue, oldest first.
    await suite.redis.rpush(processing, 'd');
    await suite.redis.rpush(keys.legacyList, 'e', 'f', 'g');
    expect(await take(keys.legacyList, processing, counter, 3)).toEqual([3, 'd', 'e', 'f']);
    expect(await suite.redis.lrange(keys.legacyList, 0, -1)).toEqual(['g']);
  });

  it('validates its options', () => {
    const keys = uniqueKeys();
    expect(() => new LegacyListSource(suite.redis, keys, { consumer: '' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => new LegacyListSource(suite.redis, keys, { consumer: 'c', batchSize: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});
