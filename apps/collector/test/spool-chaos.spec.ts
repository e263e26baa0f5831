// Covers the built collector's spooling-directory source as a real process: 200 files of 250 lines dropped (written as .tmp, then renamed) while it is SIGKILLed 10 times at random points and restarted; every line is stored exactly once, each file in order, and every file ends up .COMPLETED.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
const BUILD_DIR = 'apps/collector/test/spool-chaos-build';
// Named `dist` so git ignores it.
const OUT_DIR = `${BUILD_DIR}/dist`;
const FILES = 200;
const PER_FILE = 250;
const KILLS = 10;

jest.setTimeout(240_000);

describe('spool source under SIGKILL (built app)', () => {
  let server: RedisServer;
  let redis: Redis;
  let dir: string;
  let spool: string;
  let keys: RedisKeys;
  let env: NodeJS.ProcessEnv;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    buildCollectorInto(OUT_DIR);
    server = await startRedisServer();
    redis = createRedis(server.url, { name: 'chaos-test' });
    dir = mkdtempSync(join(tmpdir(), 'collector-spool-chaos-'));
    spool = join(dir, 'spool');
    mkdirSync(spool);
    const prefix = `chaos-${randomUUID()}:`;
    keys = new RedisKeys({ prefix });
    env = {
      ...process.env,
      REDIS_URL: server.url,
      KEY_PREFIX: prefix,
      COLLECTOR_PORT: String(await freePort()),
      ORDERS_FILES: join(dir, 'none.txt'),
      SPOOL_DIRS: spool,
      SPOOL_SETTLE_MS: '0',
      SPOOL_POLL_MS: '20',
      BATCH_SIZE: '100',
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
    rmSync(join(ROOT, BUILD_DIR), { recursive: true, force: true });
  });

  function startCollector(): ChildProcess {
    return spawnCollector(OUT_DIR, env, (text) => {
      output = (output + text).slice(-20_000);
    });
  }

  const pause = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

  it('stores every line of every file exactly once, each file in order', async () => {
    child = startCollector();
    const writer = (async () => {
      for (let f = 0; f < FILES; f++) {
        const name = `f${String(f).padStart(4, '0')}.log`;
        writeFileSync(join(spool, `${name}.tmp`), orderLines(0, PER_FILE, `f${f}`));
        renameSync(join(spool, `${name}.tmp`), join(spool, name));
        await pause(20);
      }
    })();
    const kills: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      // Each kill lands while this run is committing: after its first new entry, at a random moment.
      const before = await redis.xlen(keys.ordersStream);
      const allDone = (): boolean => readdirSync(spool).filter((name) => name.endsWith('.COMPLETED')).length === FILES;
      await expectEventually(async () => expect((await redis.xlen(keys.ordersStream)) > before || allDone()).toBe(true), { timeoutMs: 30_000, intervalMs: 5 });
      const wait = Math.floor(Math.random() * 150);
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
        () => {
          // A start that failed (e.g. a library being rebuilt by someone else at that moment) is retried.
          if (child !== undefined && child.exitCode !== null) {
            child = startCollector();
          }
          const names = readdirSync(spool);
          expect(names.filter((name) => name.endsWith('.COMPLETED')).length).toBe(FILES);
          expect(names.length).toBe(FILES);
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
    } catch (error) {
      throw new Error(`not every file completed (kills ${kills.join(', ')} ms after a run's first commit); collector output:\n${output}\n${String(error)}`);
    }
    const stored = await streamOrderIds(redis, keys);
    expect(stored.length).toBe(FILES * PER_FILE);
    for (let f = 0; f < FILES; f++) {
      expect(stored.filter((id) => id.startsWith(`f${f}-`))).toEqual(ids(0, PER_FILE, `f${f}`));
    }
    // Positions of completed files are forgotten (a kill between rename and forget may leave one).
    expect(await redis.hlen(keys.collectorOffsets)).toBeLessThanOrEqual(KILLS);

    const last = child;
    last.kill('SIGTERM');
    expect(await exited(last)).toBe(0);
    child = undefined;
  });
});
