// Covers OrderStreamSource on a real server: batches, own pending first after a restart, claiming from a dead consumer, never acking.
import { expectEventually } from '@coffee/testing';
import { CompactOrderWriter, parseOrderLine } from '@coffee/order-schema';
import { useRedisSuite, deadLetters, orderLines, uniqueKeys } from '../../test/support/redis-io.fixtures';
import { OrderStreamSink } from './order-stream.sink';
import { OrderStreamSource, type OrderStreamSourceOptions } from './order-stream.source';
import type { RedisKeys } from './redis-keys';
import type { StreamBatch } from './stream.contracts';

describe('OrderStreamSource', () => {
  const suite = useRedisSuite('source-test');

  /** Appends `entries` entries of `perEntry` orders each; returns all lines. */
  async function fill(keys: RedisKeys, entries: number, perEntry = 3, from = 0): Promise<string[]> {
    const lines = orderLines(entries * perEntry, from);
    await new OrderStreamSink(suite.redis, keys, { maxOrdersPerEntry: perEntry }).append({ lines });
    return lines;
  }

  function source(keys: RedisKeys, options: Partial<OrderStreamSourceOptions> = {}): OrderStreamSource {
    return new OrderStreamSource(suite.connections.connect(), keys, { consumer: 'c1', batchEntries: 10, blockMs: 20, ...options });
  }

  const ids = (batch: StreamBatch | null): string[] => batch?.entries.map((entry) => entry.id) ?? [];

  async function pendingCount(keys: RedisKeys): Promise<number> {
    const summary = (await suite.redis.xpending(keys.ordersStream, 'processors')) as [number, ...unknown[]];
    return summary[0];
  }

  it('creates the group idempotently and reads entries written before it existed, in batches', async () => {
    const keys = uniqueKeys();
    const lines = await fill(keys, 25);
    const reader = source(keys);
    await reader.ensureGroup();
    await reader.ensureGroup();

    const batches: StreamBatch[] = [];
    for (let batch = await reader.next(); batch !== null; batch = await reader.next()) {
      batches.push(batch);
    }
    expect(batches.map((batch) => [batch.source, batch.entries.length, batch.orderCount])).toEqual([
      ['new', 10, 30],
      ['new', 10, 30],
      ['new', 5, 15],
    ]);
    expect(batches.flatMap((batch) => batch.entries.flatMap((entry) => entry.lines))).toEqual(lines);
    expect(batches[0].entries[0].orders[0]).toEqual(JSON.parse(lines[0]));
    // The source never acknowledges.
    expect(await pendingCount(keys)).toBe(25);
    await reader.close();
  });

  it('reads compact entries and JSON-line entries of one stream alike; a compact entry that does not decode is one dead letter', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys, { maxOrdersPerEntry: 4 });
    const json = orderLines(3);
    const compactLines = orderLines(6, 3);
    const writer = new CompactOrderWriter(4);
    const compactOrders = compactLines.map((line, i) => {
      const parsed = parseOrderLine(line);
      if (!parsed.ok) {
        throw new Error(parsed.error.message);
      }
      const order = { ...parsed.order, timestamp: 1_767_225_600_000 + i };
      writer.addOrder(order);
      return order;
    });
    await sink.append({ lines: json });
    const appended = await sink.append({ lines: writer.finish() });
    expect(appended.entryIds).toHaveLength(2);
    await suite.redis.xadd(keys.ordersStream, '*', 'n', '1', 'o', Buffer.from([0, 1, 5]));
    const reader = source(keys);
    await reader.ensureGroup();
    const batch = await reader.next();
    expect(batch?.entries.map((entry) => entry.orders.length)).toEqual([3, 4, 2, 0]);
    expect(batch?.entries.flatMap((entry) => entry.orders)).toEqual([...json.map((line) => JSON.parse(line) as unknown), ...compactOrders]);
    // A compact entry's lines (for dead letters) are its orders' canonical lines.
    expect(JSON.parse(batch?.entries[1]?.lines[0] ?? '')).toEqual(compactOrders[0]);
    expect(batch?.rejectedCount).toBe(1);
    expect(await deadLetters(suite.redis, keys)).toEqual([expect.objectContaining({ code: 'BAD_ENTRY', raw: Buffer.from([0, 1, 5]).toString('base64'), position: batch?.entries[3]?.id })]);
    // Lines in the batch: no columns.
    expect(batch?.columns).toBeUndefined();
    await reader.close();
  });

  it('hands out a batch of compact entries (one that does not decode, one deleted) with every order as columns too', async () => {
    const keys = uniqueKeys();
    const sink = new OrderStreamSink(suite.redis, keys, { maxOrdersPerEntry: 4 });
    const writer = new CompactOrderWriter(4);
    const orders = orderLines(10).map((line, i) => {
      const parsed = parseOrderLine(line);
      if (!parsed.ok) {
        throw new Error(parsed.error.message);
      }
      const order = { ...parsed.order, timestamp: 1_767_225_600_000 + 1_000 * i };
      writer.addOrder(order);
      return order;
    });
    const entries = writer.finish();
    const [first] = (await sink.append({ lines: { ...entries, ends: entries.ends.subarray(0, 1), counts: entries.counts.subarray(0, 1), bytes: entries.bytes.subarray(0, entries.ends[0]) } })).entryIds;
    await suite.redis.xadd(keys.ordersStream, '*', 'n', '1', 'o', Buffer.from([0, 1, 5]));
    const second = entries.bytes.subarray(entries.ends[0]);
    await sink.append({ lines: { format: 'compact-v1', bytes: second, ends: Int32Array.from(entries.ends.subarray(1), (end) => end - entries.ends[0]), counts: entries.counts.subarray(1) } });
    const reader = source(keys);
    await reader.ensureGroup();
    const delivered = await reader.next();
    await suite.redis.xdel(keys.ordersStream, first);
    reader.rereadPending();
    const batch = await reader.next();
    expect(ids(batch)).toEqual(ids(delivered));
    const columns = batch?.columns;
    expect(batch?.orderCount).toBe(6);
    expect(columns?.length).toBe(6);
    const s = columns?.strings ?? [];
    const fromColumns = Array.from({ length: columns?.length ?? 0 }, (_, i) => ({
      branch: s[columns?.branch[i] ?? -1],
      paymentMethod: s[columns?.paymentMethod[i] ?? -1],
      timestamp: columns?.timestamp[i],
      cups: (columns?.cupEnds[i] ?? 0) - (i === 0 ? 0 : (columns?.cupEnds[i - 1] ?? 0)),
    }));
    const expected = orders.slice(4).map((o) => ({ branch: o.branch, paymentMethod: o.paymentMethod, timestamp: o.timestamp, cups: o.orders.length }));
    expect(fromColumns).toEqual(expected);
    // The entries' orders, as objects, when asked for.
    expect(batch?.entries.map((entry) => entry.orders.length)).toEqual([0, 0, 4, 2]);
    expect(batch?.entries.flatMap((entry) => entry.orders)).toEqual(orders.slice(4));
    await reader.close();
  });

  it('tops up a batch that is not full with what arrives within gatherMs, and only then', async () => {
    const keys = uniqueKeys();
    await fill(keys, 1);
    const gathering = source(keys, { gatherMs: 1_000, batchEntries: 3 });
    await gathering.ensureGroup();
    const read = gathering.next();
    // Appended while the first read's batch (1 entry) waits for more: 2 more fill it, the 4th is left for the next read.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fill(keys, 3, 3, 3);
    expect((await read)?.entries).toHaveLength(3);
    expect((await gathering.next())?.entries).toHaveLength(1);
    await gathering.close();

    // A full batch does not wait (a minute's gather would outlast the test's timeout); without gatherMs a
    // batch that is not full is handed out as it is.
    const other = uniqueKeys();
    await fill(other, 4);
    const full = source(other, { gatherMs: 60_000, batchEntries: 3 });
    await full.ensureGroup();
    expect((await full.next())?.entries).toHaveLength(3);
    await full.close();
    const plain = source(other, { batchEntries: 3, consumer: 'c2' });
    expect((await plain.next())?.entries).toHaveLength(1);
    await plain.close();
    expect(() => source(other, { gatherMs: -1 })).toThrow(/gatherMs must be a positive integer/);
  });

  it('re-reads its own pending entries first after a restart, then new ones', async () => {
    const keys = uniqueKeys();
    await fill(keys, 12);
    const first = source(keys, { batchEntries: 5 });
    await first.ensureGroup();
    const a = await first.next();
    const b = await first.next();
    await suite.redis.xack(keys.ordersStream, 'processors', ...ids(a));
    await first.close();

    const restarted = source(keys, { batchEntries: 5 });
    const again = await restarted.next();
    expect(again?.source).toBe('pending');
    expect(ids(again)).toEqual(ids(b));
    const fresh = await restarted.next();
    expect(fresh?.source).toBe('new');
    expect(fresh?.entries).toHaveLength(2);
    expect(await restarted.next()).toBeNull();
    await restarted.close();
  });

  it('re-reads pending entries on demand (after a failed apply)', async () => {
    const keys = uniqueKeys();
    await fill(keys, 3);
    const reader = source(keys);
    await reader.ensureGroup();
    const batch = await reader.next();
    reader.rereadPending();
    const again = await reader.next();
    expect(again?.source).toBe('pending');
    expect(ids(again)).toEqual(ids(batch));
    await reader.close();
  });

  it("claims a dead consumer's pending entries after claimIdleMs", async () => {
    const keys = uniqueKeys();
    await fill(keys, 4);
    const dead = source(keys, { consumer: 'dead' });
    await dead.ensureGroup();
    const lost = await dead.next();
    expect(lost?.entries).toHaveLength(4);
    await dead.close();

    const survivor = source(keys, { consumer: 'alive', claimIdleMs: 100, claimIntervalMs: 10 });
    const claimed = await expectEventually(async () => {
      const batch = await survivor.next();
      expect(batch?.source).toBe('claimed');
      return batch;
    });
    expect(ids(claimed)).toEqual(ids(lost));
    expect(claimed?.orderCount).toBe(12);
    const owners = (await suite.redis.xpending(keys.ordersStream, 'processors', '-', '+', 10)) as [string, string, number, number][];
    expect(owners.map(([id, owner]) => [id, owner])).toEqual(ids(lost).map((id) => [id, 'alive']));
    // Claimed, not acknowledged: still pending until the stats store acks them.
    expect(await pendingCount(keys)).toBe(4);
    await survivor.close();
  });

  it('does not claim entries that are not idle long enough', async () => {
    const keys = uniqueKeys();
    await fill(keys, 2);
    const busy = source(keys, { consumer: 'busy' });
    await busy.ensureGroup();
    await busy.next();
    const other = source(keys, { consumer: 'other', claimIdleMs: 60_000 });
    expect(await other.next()).toBeNull();
    await busy.close();
    await other.close();
  });

  it('dead-letters lines that do not parse and still hands out their entry', async () => {
    const keys = uniqueKeys();
    await suite.redis.xadd(keys.ordersStream, '*', 'n', '2', 'o', `${orderLines(1)[0]}\nnot json`);
    await suite.redis.xadd(keys.ordersStream, '*', 'unexpected', 'format');
    const reader = source(keys);
    await reader.ensureGroup();
    const batch = await reader.next();
    expect(batch?.entries.map((entry) => entry.orders.length)).toEqual([1, 0]);
    expect(batch?.orderCount).toBe(1);
    expect(batch?.rejectedCount).toBe(2);
    const letters = await deadLetters(suite.redis, keys);
    expect(letters.map((letter) => [letter.code, letter.source, letter.position])).toEqual([
      ['INVALID_JSON', keys.ordersStream, `${ids(batch)[0]}#1`],
      ['BAD_ENTRY', keys.ordersStream, ids(batch)[1]],
    ]);
    await reader.close();
  });

  it('hands out a pending entry that was trimmed away as an entry without orders', async () => {
    const keys = uniqueKeys();
    await fill(keys, 2);
    const reader = source(keys);
    await reader.ensureGroup();
    const batch = await reader.next();
    await suite.redis.xdel(keys.ordersStream, ids(batch)[0]);
    reader.rereadPending();
    const again = await reader.next();
    expect(again?.entries.map((entry) => [entry.id, entry.orders.length])).toEqual([
      [ids(batch)[0], 0],
      [ids(batch)[1], 3],
    ]);
    await reader.close();
  });

  it('reports a missing group as GROUP_MISSING and returns null once closed', async () => {
    const keys = uniqueKeys();
    await fill(keys, 1);
    const reader = source(keys);
    await expect(reader.next()).rejects.toMatchObject({ code: 'GROUP_MISSING' });
    await reader.close();
    expect(await reader.next()).toBeNull();
  });

  it('waits for new entries while blocking', async () => {
    const keys = uniqueKeys();
    const reader = new OrderStreamSource(suite.connections.connect('blocked-reader'), keys, { consumer: 'c1', blockMs: 5_000 });
    await reader.ensureGroup();
    const waiting = reader.next();
    await expectEventually(async () => expect(await suite.redis.client('LIST')).toMatch(/name=blocked-reader .*flags=b .*cmd=xreadgroup/));
    await fill(keys, 1);
    expect((await waiting)?.source).toBe('new');
    await reader.close();
  });
});
