// Covers recovery from a Redis restart (SIGKILL, AOF fsync always) in the middle of a stream of checkpointed appends and reads: nothing lost, nothing twice.
import { expectEventually, startRedisServer, type RedisServer } from '@coffee/testing';
import { OrderStreamSink, OrderStreamSource, RedisIoError, type SourcePosition } from '../src/index';
import { Connections, orderLines, streamLines, uniqueKeys } from './support/redis-io.fixtures';

jest.setTimeout(60_000);

describe('sink and source across a Redis restart', () => {
  let server: RedisServer;
  let connections: Connections;

  beforeAll(async () => {
    server = await startRedisServer({ appendOnly: true });
    connections = new Connections(() => server.url);
  });
  afterAll(async () => {
    await connections.closeAll();
    await server.stop();
  });

  it('keeps every order exactly once in the stream and delivers all of them', async () => {
    const keys = uniqueKeys('restart');
    const lines = orderLines(6_000);
    const perBatch = 50;
    const sinkRedis = connections.connect('restart-sink');
    const sink = new OrderStreamSink(sinkRedis, keys, { maxOrdersPerEntry: 20 });
    const source = new OrderStreamSource(connections.connect('restart-source'), keys, { consumer: 'p1', blockMs: 50, claimIdleMs: 500, claimIntervalMs: 100 });
    const acker = connections.connect('restart-acker');
    await source.ensureGroup();

    // Consumer: acks what it got (standing in for the stats store's atomic apply).
    const consumed = new Map<string, number>();
    let stopConsumer = false;
    const consumer = (async () => {
      while (!stopConsumer) {
        const batch = await source.next();
        if (batch === null) {
          continue;
        }
        for (const entry of batch.entries) {
          consumed.set(entry.id, entry.orders.length);
        }
        await acker.xack(keys.ordersStream, 'processors', ...batch.entries.map((entry) => entry.id));
      }
    })();

    // Redis is killed and restarted once the stream is half full, while appends are in flight.
    const watcher = connections.connect('restart-watcher');
    const entriesTotal = lines.length / 20;
    const restart = (async () => {
      await expectEventually(async () => expect(await watcher.xlen(keys.ordersStream)).toBeGreaterThanOrEqual(entriesTotal / 2), { intervalMs: 2, timeoutMs: 30_000 });
      await server.kill();
      await server.start();
    })();

    // Producer: a collector tailing a "file" of `lines` (one line = one byte of offset), up to 8
    // checkpointed appends in flight; on a conflict it resumes from the stored position.
    const at = (offset: number): SourcePosition => ({ sourceId: 'orders.log', fileId: '1:1', offset });
    let expected = await sink.readPosition('orders.log');
    while ((expected?.offset ?? 0) < lines.length) {
      let conflicted = false;
      const window: Promise<unknown>[] = [];
      for (let i = 0; i < 8 && (expected?.offset ?? 0) < lines.length; i += 1) {
        const from = expected?.offset ?? 0;
        const next = at(Math.min(from + perBatch, lines.length));
        const append = sink.append({ lines: lines.slice(from, next.offset), checkpoint: { expected, next } });
        window.push(
          append.catch((error: unknown) => {
            if (!(error instanceof RedisIoError && error.code === 'CHECKPOINT_CONFLICT')) {
              throw error;
            }
            conflicted = true;
          }),
        );
        expected = next;
      }
      await Promise.all(window);
      if (conflicted) {
        expected = await sink.readPosition('orders.log');
      }
    }
    await restart;
    expect(await sink.readPosition('orders.log')).toEqual(at(lines.length));

    const reader = connections.connect('restart-check');
    expect(await streamLines(reader, keys)).toEqual(lines);
    await expectEventually(() => expect([...consumed.values()].reduce((sum, n) => sum + n, 0)).toBe(lines.length), { timeoutMs: 20_000 });
    expect(consumed.size).toBe(await reader.xlen(keys.ordersStream));
    stopConsumer = true;
    await consumer;
    await source.close();
  });
});
