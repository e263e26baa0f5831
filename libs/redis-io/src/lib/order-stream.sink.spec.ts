// Covers OrderStreamSink on a real server: entry splitting, order, dead letters, checkpoint compare-and-set, idempotent once-appends, backpressure, full stream.
import { expectEventually } from '@coffee/testing';
import { useRedisSuite, deadLetters, orderLines, streamLines, uniqueKeys } from '../../test/support/redis-io.fixtures';
import { OrderStreamSink } from './order-stream.sink';
import { RedisIoError } from './redis-io.error';
import type { SourcePosition } from './stream.contracts';

describe('OrderStreamSink', () => {
  const suite = useRedisSuite('sink-test');

  const at = (offset: number, fileId = '1:100'): SourcePosition => ({ sourceId: '/data/orders.log', fileId, offset });

  it('splits a batch into entries of at most maxOrdersPerEntry lines, in order', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys, { maxOrdersPerEntry: 500 });
    const lines = orderLines(1_234);
    const { entryIds, alreadyCommitted } = await sink.append({ lines });
    expect(entryIds).toHaveLength(3);
    expect(alreadyCommitted).toBe(false);
    const entries = await suite.redis.xrange(keys.ordersStream, '-', '+');
    expect(entries.map(([id]) => id)).toEqual(entryIds);
    expect(entries.map(([, fields]) => fields[1])).toEqual(['500', '500', '234']);
    expect(await streamLines(suite.redis, keys)).toEqual(lines);
  });

  it('keeps call order across many pipelined appends', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys, { maxOrdersPerEntry: 7, maxInFlight: 8 });
    const batches = Array.from({ length: 40 }, (_, b) => orderLines(10, b * 10));
    const results = await Promise.all(batches.map((lines) => sink.append({ lines })));
    expect(results.flatMap((result) => result.entryIds)).toHaveLength(80);
    expect(await streamLines(suite.redis, keys)).toEqual(batches.flat());
  });

  it('writes dead letters with raw, code, message, source, position and the raw size', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys, { maxDeadLetterRawBytes: 16 });
    const { entryIds } = await sink.append({
      lines: [],
      deadLetters: [
        { raw: '{"branch":', code: 'INVALID_JSON', message: 'Unexpected end of JSON input', source: '/data/orders.log', position: '1:100@42' },
        { raw: 'é'.repeat(20), code: 'MISSING_FIELD', message: 'orders is required', source: 'http', position: 'req-7#0' },
      ],
    });
    expect(entryIds).toEqual([]);
    expect(await suite.redis.exists(keys.ordersStream)).toBe(0);
    expect(await deadLetters(suite.redis, keys)).toEqual([
      { raw: '{"branch":', code: 'INVALID_JSON', message: 'Unexpected end of JSON input', source: '/data/orders.log', position: '1:100@42', rawBytes: '10' },
      { raw: 'é'.repeat(8), code: 'MISSING_FIELD', message: 'orders is required', source: 'http', position: 'req-7#0', rawBytes: '40' },
    ]);
  });

  it('keeps the full input size in rawBytes when the producer already cut raw', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys);
    await sink.append({ lines: [], deadLetters: [{ raw: 'x'.repeat(4_096), rawBytes: 70_000, code: 'LINE_TOO_LONG', message: 'm', source: 's', position: 'p' }] });
    const [letter] = await deadLetters(suite.redis, keys);
    expect(letter.raw).toHaveLength(4_096);
    expect(letter.rawBytes).toBe('70000');
  });

  it('takes an append of 21 000 dead letters (one argument array, no spreading into a call)', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys);
    const letters = Array.from({ length: 21_000 }, (_, i) => ({ raw: `bad ${i}`, code: 'INVALID_JSON', message: 'm', source: 'http', position: `r#${i}` }));
    await sink.append({ lines: orderLines(3), deadLetters: letters });
    expect(await suite.redis.xlen(keys.deadLetterStream)).toBe(21_000);
    expect(await streamLines(suite.redis, keys)).toEqual(orderLines(3));
  });

  it('writes the dead letters of one append in script calls of at most deadLetterChunkSize, in order; a replay writes none', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys, { deadLetterChunkSize: 50 });
    const letters = Array.from({ length: 2_100 }, (_, i) => ({ raw: `bad ${i}`, code: 'INVALID_JSON', message: 'm', source: 'http', position: `r#${i}` }));
    const calls: number[] = [];
    // Loaded first, so no NOSCRIPT retry shows up in the monitor.
    await sink.append({ lines: [], deadLetters: [letters[0]], once: { key: keys.ingestReceipt('warm-up'), receipt: 'r', ttlSeconds: 60 } });
    await suite.redis.del(keys.deadLetterStream);
    const monitor = await suite.redis.monitor();
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[0].toLowerCase().startsWith('eval')) {
        calls.push(Number(args[7]));
      }
    });
    const once = { key: keys.ingestReceipt('big'), receipt: 'r', ttlSeconds: 60 };
    const result = await sink.append({ lines: orderLines(3), deadLetters: letters, once });
    expect(result.entryIds).toHaveLength(1);
    await expectEventually(() => expect(calls).toHaveLength(42));
    monitor.disconnect();
    expect(Math.max(...calls)).toBe(50);
    const stored = await deadLetters(suite.redis, keys);
    expect(stored.map((letter) => letter.position)).toEqual(letters.map((letter) => letter.position));
    expect(await streamLines(suite.redis, keys)).toEqual(orderLines(3));
    const replay = await sink.append({ lines: orderLines(3), deadLetters: letters, once: { ...once, receipt: 'r2' } });
    expect(replay).toEqual({ entryIds: [], alreadyCommitted: true, receipt: 'r' });
    expect(await suite.redis.xlen(keys.deadLetterStream)).toBe(2_100);
  });

  it('writes no leading dead-letter chunk of an append whose checkpoint conflicts', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys, { deadLetterChunkSize: 2 });
    await sink.append({ lines: [], checkpoint: { expected: null, next: at(5) } });
    const letters = Array.from({ length: 7 }, (_, i) => ({ raw: `bad ${i}`, code: 'C', message: 'm', source: 's', position: `p${i}` }));
    await expect(sink.append({ lines: orderLines(1), deadLetters: letters, checkpoint: { expected: at(1), next: at(9) } })).rejects.toMatchObject({ code: 'CHECKPOINT_CONFLICT' });
    expect(await suite.redis.exists(keys.deadLetterStream)).toBe(0);
    await sink.append({ lines: orderLines(1), deadLetters: letters, checkpoint: { expected: at(5), next: at(9) } });
    expect((await deadLetters(suite.redis, keys)).map((letter) => letter.position)).toEqual(letters.map((letter) => letter.position));
    expect(await sink.readPosition('/data/orders.log')).toEqual(at(9));
  });

  it('writes to its own dead-letter stream and reports the letters its length cap evicted', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys, { deadLetterStream: keys.httpDeadLetterStream, deadLetterStreamMaxLength: 100, deadLetterChunkSize: 50 });
    const other = new OrderStreamSink(suite.redis, keys);
    await other.append({ lines: [], deadLetters: [{ raw: 'file evidence', code: 'C', message: 'm', source: 'file:/x', position: 'p' }] });
    let evicted = 0;
    for (let round = 0; round < 10; round++) {
      const letters = Array.from({ length: 120 }, (_, i) => ({ raw: `r${round}-${i}`, code: 'C', message: 'm', source: 'http', position: `p${i}` }));
      evicted += (await sink.append({ lines: [], deadLetters: letters })).deadLettersEvicted ?? 0;
    }
    const length = await suite.redis.xlen(keys.httpDeadLetterStream);
    expect(evicted).toBeGreaterThan(0);
    expect(evicted + length).toBe(1_200);
    expect(await deadLetters(suite.redis, keys)).toEqual([expect.objectContaining({ raw: 'file evidence' })]);
  });

  it('advances a checkpoint with compare-and-set, and writes nothing on a conflict', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys);
    expect(await sink.readPosition('/data/orders.log')).toBeNull();

    await sink.append({ lines: orderLines(2), checkpoint: { expected: null, next: at(300) } });
    expect(await sink.readPosition('/data/orders.log')).toEqual(at(300));

    // A rotated file: the next position names another file.
    await sink.append({ lines: orderLines(1, 2), checkpoint: { expected: at(300), next: at(120, '1:101') } });
    expect(await sink.readPosition('/data/orders.log')).toEqual(at(120, '1:101'));

    const conflict = await sink
      .append({ lines: orderLines(5, 10), deadLetters: [{ raw: 'x', code: 'C', message: 'm', source: 's', position: 'p' }], checkpoint: { expected: at(300), next: at(900) } })
      .catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(RedisIoError);
    expect(conflict).toMatchObject({ code: 'CHECKPOINT_CONFLICT', storedPosition: at(120, '1:101') });
    const freshConflict = await sink.append({ lines: orderLines(1), checkpoint: { expected: null, next: at(1) } }).catch((error: unknown) => error);
    expect(freshConflict).toMatchObject({ code: 'CHECKPOINT_CONFLICT' });

    expect(await streamLines(suite.redis, keys)).toEqual(orderLines(3));
    expect(await suite.redis.exists(keys.deadLetterStream)).toBe(0);
    expect(await sink.readPosition('/data/orders.log')).toEqual(at(120, '1:101'));
  });

  it('treats a batch whose next position is already stored as committed (a resent append)', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys);
    const batch = { lines: orderLines(4), checkpoint: { expected: at(0), next: at(400) } };
    await sink.append({ lines: [], checkpoint: { expected: null, next: at(0) } });
    expect(await sink.append(batch)).toMatchObject({ alreadyCommitted: false });
    expect(await sink.append(batch)).toEqual({ entryIds: [], alreadyCommitted: true });
    expect(await streamLines(suite.redis, keys)).toEqual(orderLines(4));
  });

  it('appends a request once: a retry with the same receipt key writes nothing and gets the first receipt back', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys);
    const key = keys.ingestReceipt('abc123');
    const letter = { raw: 'x', code: 'INVALID_JSON', message: 'bad', source: 'http', position: 'r#1' };
    const first = await sink.append({ lines: orderLines(3), deadLetters: [letter], once: { key, receipt: 'first', ttlSeconds: 600 } });
    expect(first).toEqual({ entryIds: [expect.any(String)], alreadyCommitted: false });
    const retry = await sink.append({ lines: orderLines(3), deadLetters: [letter], once: { key, receipt: 'second', ttlSeconds: 600 } });
    expect(retry).toEqual({ entryIds: [], alreadyCommitted: true, receipt: 'first' });
    expect(await streamLines(suite.redis, keys)).toEqual(orderLines(3));
    expect(await suite.redis.xlen(keys.deadLetterStream)).toBe(1);
    const ttl = await suite.redis.ttl(key);
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
    // Another key is another request.
    await sink.append({ lines: orderLines(1, 3), once: { key: keys.ingestReceipt('other'), receipt: 'r', ttlSeconds: 60 } });
    expect(await streamLines(suite.redis, keys)).toEqual(orderLines(4));
  });

  it('pipelines a chain of checkpointed appends', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys, { maxInFlight: 4 });
    const appends = Array.from({ length: 20 }, (_, i) =>
      sink.append({ lines: orderLines(3, i * 3), checkpoint: { expected: i === 0 ? null : at(i * 3), next: at(i * 3 + 3) } }),
    );
    await Promise.all(appends);
    expect(await streamLines(suite.redis, keys)).toEqual(orderLines(60));
    expect(await sink.readPosition('/data/orders.log')).toEqual(at(60));
  });

  it('bounds in-flight appends and signals when it is writable again', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys, { maxInFlight: 3 });
    const seen: number[] = [];
    const appends: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i += 1) {
      appends.push(sink.append({ lines: orderLines(50, i * 50) }));
      seen.push(sink.inFlight);
    }
    expect(Math.max(...seen)).toBe(3);
    expect(sink.queued).toBe(17);
    let writable = false;
    const waiting = sink.whenWritable().then(() => {
      writable = true;
    });
    expect(writable).toBe(false);
    await Promise.all(appends);
    await waiting;
    expect(writable).toBe(true);
    expect(sink.inFlight).toBe(0);
    expect(sink.queued).toBe(0);
    expect(await streamLines(suite.redis, keys)).toEqual(orderLines(1_000));
  });

  it('refuses to grow the stream past maxStreamLength until entries are acknowledged and trimmed', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys, { maxStreamLength: 2, maxOrdersPerEntry: 10 });
    await suite.redis.xgroup('CREATE', keys.ordersStream, 'processors', '0', 'MKSTREAM');
    await sink.append({ lines: orderLines(20) });
    await expect(sink.append({ lines: orderLines(1, 20) })).rejects.toMatchObject({ code: 'STREAM_FULL' });
    expect(await suite.redis.xlen(keys.ordersStream)).toBe(2);

    let writable = false;
    const waiting = sink.whenWritable().then(() => {
      writable = true;
    });
    const read = (await suite.redis.xreadgroup('GROUP', 'processors', 'c1', 'COUNT', 1, 'STREAMS', keys.ordersStream, '>')) as [string, [string, string[]][]][];
    expect(writable).toBe(false);
    await suite.redis.xack(keys.ordersStream, 'processors', read[0][1][0][0]);
    await waiting;
    expect(await suite.redis.xlen(keys.ordersStream)).toBe(1);
    await sink.append({ lines: orderLines(1, 20) });
    expect(await streamLines(suite.redis, keys)).toEqual(orderLines(11, 10));
  });

  it('falls back to EVAL when the script cache was flushed (e.g. after a restart)', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys);
    await sink.append({ lines: orderLines(1) });
    await suite.redis.script('FLUSH');
    await sink.append({ lines: orderLines(1, 1) });
    expect(await streamLines(suite.redis, keys)).toEqual(orderLines(2));
  });

  it('validates input and options', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys);
    await expect(sink.append({ lines: ['{"a":\n1}'] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(sink.append({ lines: [], checkpoint: { expected: { ...at(1), sourceId: 'other' }, next: at(2) } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await sink.append({ lines: [] })).toEqual({ entryIds: [], alreadyCommitted: false });
    const once = { key: keys.ingestReceipt('k'), receipt: 'r', ttlSeconds: 60 };
    await expect(sink.append({ lines: [], once, checkpoint: { expected: null, next: at(1) } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(sink.append({ lines: [], once: { ...once, ttlSeconds: 0 } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(() => new OrderStreamSink(suite.redis, keys, { maxInFlight: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => new OrderStreamSink(suite.redis, keys, { maxOrdersPerEntry: 1.5 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(await suite.redis.exists(keys.ordersStream)).toBe(0);
  });
});
