// Covers LegacyListSource exactly-once across SIGKILLed reader processes: after LMOVE and before hand-off, and at random moments.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { expectEventually, startRedisServer, type RedisServer } from '@coffee/testing';
import type { Redis } from 'ioredis';
import { LegacyListSource, RedisKeys, type LegacyListHandler } from '../src/index';
import { Connections, orderLines, streamLines, uniqueKeys } from './support/redis-io.fixtures';

jest.setTimeout(60_000);

const runTs = join(__dirname, 'support', 'run-ts.cjs');
const childScript = join(__dirname, 'support', 'legacy-reader.child.ts');

const accept: LegacyListHandler = (raw) => ({ lines: raw });

describe('LegacyListSource when the reader process is killed', () => {
  let server: RedisServer;
  let connections: Connections;
  let redis: Redis;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    server = await startRedisServer();
    connections = new Connections(() => server.url);
    redis = connections.connect('crash-test');
  });
  afterAll(async () => {
    for (const child of children) {
      child.kill('SIGKILL');
    }
    await connections.closeAll();
    await server.stop();
  });

  function startReader(prefix: string, mode: 'hang' | 'run', batchSize: number): { child: ChildProcess; output: () => string } {
    const child = spawn(process.execPath, [runTs, childScript, server.url, prefix, 'reader-1', mode, String(batchSize)], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return { child, output: () => output };
  }

  async function kill(child: ChildProcess): Promise<void> {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    children.delete(child);
  }

  async function drainInProcess(prefix: string, expectedLines: number): Promise<void> {
    const abort = new AbortController();
    const keys = new RedisKeys({ prefix });
    const reader = new LegacyListSource(connections.connect(), keys, { consumer: 'reader-1', batchSize: 50, blockMs: 20 });
    const running = reader.run(accept, abort.signal);
    try {
      await expectEventually(async () => expect((await streamLines(redis, keys)).length).toBeGreaterThanOrEqual(expectedLines));
    } finally {
      abort.abort();
    }
    await running;
  }

  it('killed after LMOVE and before the hand-off completes: restarted, every element arrives once', async () => {
    const keys = uniqueKeys('crash-a');
    const lines = orderLines(40);
    await redis.rpush(keys.legacyList, ...lines);
    const { child, output } = startReader(keys.prefix, 'hang', 25);
    await expectEventually(() => expect(output()).toContain('handed 25'));
    await kill(child);
    expect(await redis.lrange(keys.legacyProcessing('reader-1'), 0, -1)).toEqual(lines.slice(0, 25));
    expect(await redis.exists(keys.ordersStream)).toBe(0);

    await drainInProcess(keys.prefix, lines.length);
    expect(await streamLines(redis, keys)).toEqual(lines);
    expect(await redis.llen(keys.legacyList)).toBe(0);
    expect(await redis.llen(keys.legacyProcessing('reader-1'))).toBe(0);
  });

  it('killed at random moments while handing over: every element arrives exactly once, in order', async () => {
    const keys = uniqueKeys('crash-b');
    const lines = orderLines(3_000);
    await redis.rpush(keys.legacyList, ...lines);
    let lastCount = 0;
    for (let round = 0; round < 4; round += 1) {
      const { child, output } = startReader(keys.prefix, 'run', 7);
      const intervalMs = 1 + Math.floor(Math.random() * 10);
      await expectEventually(async () => expect(await redis.xlen(keys.ordersStream)).toBeGreaterThan(lastCount), { intervalMs });
      await kill(child);
      expect(output()).toBe('');
      lastCount = await redis.xlen(keys.ordersStream);
    }
    await drainInProcess(keys.prefix, lines.length);
    expect(await streamLines(redis, keys)).toEqual(lines);
    expect(await redis.llen(keys.legacyProcessing('reader-1'))).toBe(0);
  });
});
