// Covers the built collector as a real process: 50k lines appended in bursts while it is SIGKILLed 10 times and restarted; the stream ends up with every line exactly once, in file order.
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedis, RedisKeys } from '@coffee/redis-io';
import { expectEventually, freePort, startRedisServer, type RedisServer } from '@coffee/testing';
import { ids, orderLines } from './support/order-lines';
import { streamOrderIds } from './support/stream-reader';
import { buildCollectorInto, exited, ROOT, spawnCollector } from './support/collector-process';

// Built into a directory of its own: `nx build collector` (maybe running alongside) starts with `rm -rf apps/collector/dist`.
const OUT_DIR = 'apps/collector/test/dist';
const LINES = 50_000;
const BURSTS = 100;
const KILLS = 10;

jest.setTimeout(240_000);

describe('collector under SIGKILL (built app)', () => {
  let server: RedisServer;
  let redis: Redis;
  let dir: string;
  let file: string;
  let keys: RedisKeys;
  let env: NodeJS.ProcessEnv;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    buildCollectorInto(OUT_DIR);
    server = await startRedisServer();
    redis = createRedis(server.url, { name: 'chaos-test' });
    dir = mkdtempSync(join(tmpdir(), 'collector-chaos-'));
    file = join(dir, 'CoffeeOrders.txt');
    writeFileSync(file, '');
    const prefix = `chaos-${randomUUID()}:`;
    keys = new RedisKeys({ prefix });
    env = {
      ...process.env,
      REDIS_URL: server.url,
      KEY_PREFIX: prefix,
      COLLECTOR_PORT: String(await freePort()),
      ORDERS_FILES: file,
      BATCH_SIZE: '500',
      FLUSH_INTERVAL_MS: '5',
      LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    redis?.disconnect();
    await server?.stop();
    if (dir !== undefined) {
      rmSync(dir, { recursive: true, force: true });
    }
    rmSync(join(ROOT, OUT_DIR), { recursive: true, force: true });
  });

  function startCollector(): ChildProcess {
    return spawnCollector(OUT_DIR, env, (text) => {
      output = (output + text).slice(-20_000);
    });
  }

  const pause = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

  it('stores every line exactly once, in file order', async () => {
    child = startCollector();
    const perBurst = LINES / BURSTS;
    const writer = (async () => {
      for (let burst = 0; burst < BURSTS; burst++) {
        appendFileSync(file, orderLines(burst * perBurst, perBurst));
        await pause(60);
      }
    })();
    const kills: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const wait = 150 + Math.floor(Math.random() * 900);
      kills.push(wait);
      await pause(wait);
      const victim = child;
      victim.kill('SIGKILL');
      await exited(victim);
      child = startCollector();
    }
    await writer;

    try {
      await expectEventually(
        async () => {
          // A start that failed (e.g. a library being rebuilt by someone else at that moment) is retried.
          if (child !== undefined && child.exitCode !== null) {
            child = startCollector();
          }
          const stored = await redis.hget(keys.collectorOffsets, file);
          expect(stored === null ? -1 : (JSON.parse(stored) as { offset: number }).offset).toBe(statSync(file).size);
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
    } catch (error) {
      throw new Error(`not everything committed (kills after ${kills.join(', ')} ms); collector output:\n${output}\n${String(error)}`);
    }
    const stored = await streamOrderIds(redis, keys);
    expect(stored.length).toBe(LINES);
    expect(stored).toEqual(ids(0, LINES));

    // And a SIGTERM ends it cleanly.
    const last = child;
    last.kill('SIGTERM');
    expect(await exited(last)).toBe(0);
    child = undefined;
  });
});
