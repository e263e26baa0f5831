// Covers the spooling-directory source in the in-process app on a real redis-server: files ingested once and renamed, .tmp and hidden names ignored until renamed, the done folder, the size limit, a file changed after being taken.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createRedis, RedisKeys } from '@coffee/redis-io';
import { expectEventually, startRedisServer, type RedisServer } from '@coffee/testing';
import { startTestCollector, type TestCollector } from '../../../test/support/collector-app';
import { ids, orderLines } from '../../../test/support/order-lines';
import { deadLetters, streamOrderIds } from '../../../test/support/stream-reader';
import { spoolFileKey, spoolFingerprint } from './spool-rules';

describe('spooling-directory source', () => {
  let server: RedisServer;
  let redis: Redis;
  let root: string;
  let collector: TestCollector | undefined;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = createRedis(server.url, { name: 'spool-test' });
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'collector-spool-'));
  });
  afterEach(async () => {
    await collector?.close();
    collector = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  function spoolDir(name = 'in'): string {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  async function start(dir: string, env: Record<string, string> = {}): Promise<TestCollector> {
    collector = await startTestCollector(server.url, { SPOOL_DIRS: dir, SPOOL_SETTLE_MS: '0', SPOOL_POLL_MS: '20', FLUSH_INTERVAL_MS: '5', ...env });
    return collector;
  }

  /** The spool files counter of one folder and outcome, from GET /metrics. */
  async function spoolFiles(c: TestCollector, dir: string, outcome: string): Promise<number> {
    const text = await (await fetch(`${c.base}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('coffee_collector_spool_files_total{') && l.includes(`dir="${dir}"`) && l.includes(`outcome="${outcome}"`));
    return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
  }

  it('ingests every file once, in file order, renames it .COMPLETED and forgets its position', async () => {
    const dir = spoolDir();
    writeFileSync(join(dir, 'a.log'), orderLines(0, 300, 'a'));
    // No trailing newline, a blank line, and an invalid line (dead letter with the file as its source).
    writeFileSync(join(dir, 'b.log'), `${orderLines(0, 5, 'b')}\nnot json\n${orderLines(5, 5, 'b').trimEnd()}`);
    const c = await start(dir, { BATCH_SIZE: '100' });
    await expectEventually(() => expect(readdirSync(dir).sort()).toEqual(['a.log.COMPLETED', 'b.log.COMPLETED']));
    const stored = await streamOrderIds(redis, c.keys);
    expect(stored.filter((id) => id.startsWith('a-'))).toEqual(ids(0, 300, 'a'));
    expect(stored.filter((id) => id.startsWith('b-'))).toEqual(ids(0, 10, 'b'));
    expect(stored.length).toBe(310);
    const letters = await deadLetters(redis, c.keys);
    expect(letters.map((l) => [l['raw'], l['source']])).toEqual([['not json', `spool:${join(dir, 'b.log')}`]]);
    expect(await redis.hkeys(c.keys.collectorOffsets)).not.toContainEqual(expect.stringContaining(`${dir}#`));
    expect(await spoolFiles(c, dir, 'completed')).toBe(2);
  });

  it('ignores .tmp and hidden names until they are renamed to their final name', async () => {
    const dir = spoolDir();
    const c = await start(dir);
    writeFileSync(join(dir, 'x.log.tmp'), orderLines(0, 20, 'x'));
    writeFileSync(join(dir, '.y.log'), orderLines(0, 20, 'y'));
    writeFileSync(join(dir, 'z.log'), orderLines(0, 20, 'z'));
    // z is taken while x and y sit there (the folder is listed in name order: x and y came first).
    await expectEventually(() => expect(existsSync(join(dir, 'z.log.COMPLETED'))).toBe(true));
    expect(readdirSync(dir).sort()).toEqual(['.y.log', 'x.log.tmp', 'z.log.COMPLETED']);
    expect(await streamOrderIds(redis, c.keys)).toEqual(ids(0, 20, 'z'));
    renameSync(join(dir, 'x.log.tmp'), join(dir, 'x.log'));
    renameSync(join(dir, '.y.log'), join(dir, 'y.log'));
    await expectEventually(() => expect(readdirSync(dir).sort()).toEqual(['x.log.COMPLETED', 'y.log.COMPLETED', 'z.log.COMPLETED']));
    expect((await streamOrderIds(redis, c.keys)).sort()).toEqual([...ids(0, 20, 'x'), ...ids(0, 20, 'y'), ...ids(0, 20, 'z')].sort());
  });

  it('moves finished files to SPOOL_DONE_DIR when it is set', async () => {
    const dir = spoolDir();
    const done = spoolDir('done');
    writeFileSync(join(dir, 'a.log'), orderLines(0, 10, 'a'));
    const c = await start(dir, { SPOOL_DONE_DIR: done });
    await expectEventually(() => expect(readdirSync(done)).toEqual(['a.log']));
    expect(readdirSync(dir)).toEqual([]);
    expect(await streamOrderIds(redis, c.keys)).toEqual(ids(0, 10, 'a'));
  });

  it('reports a file over SPOOL_MAX_FILE_BYTES and does not read it', async () => {
    const dir = spoolDir();
    writeFileSync(join(dir, 'big.log'), orderLines(0, 10, 'big'));
    writeFileSync(join(dir, 'small.log'), orderLines(0, 1, 's'));
    const c = await start(dir, { SPOOL_MAX_FILE_BYTES: '1000' });
    await expectEventually(() => expect(readdirSync(dir).sort()).toEqual(['big.log.FAILED', 'small.log.COMPLETED']));
    expect(await streamOrderIds(redis, c.keys)).toEqual(ids(0, 1, 's'));
    expect(await spoolFiles(c, dir, 'too-large')).toBe(1);
  });

  it('reports a file changed after it was taken and does not read it again', async () => {
    const dir = spoolDir();
    const file = join(dir, 'a.log');
    writeFileSync(file, orderLines(0, 10, 'a'));
    const st = statSync(file, { bigint: true });
    // As a run killed mid-file leaves it: the file taken at another size, read to byte 100; then the file was rewritten.
    const takenAs = spoolFingerprint({ ...st, size: 100n });
    expect(takenAs).not.toBe(spoolFingerprint(st));
    const keys = new RedisKeys({ prefix: `t-pre-${Date.now()}:` });
    await redis.hset(keys.collectorOffsets, `${dir}#${spoolFileKey(st)}`, JSON.stringify({ fileId: takenAs, offset: 100 }));
    const c = await start(dir, { KEY_PREFIX: keys.prefix });
    await expectEventually(() => expect(readdirSync(dir)).toEqual(['a.log.FAILED']));
    expect(await streamOrderIds(redis, keys)).toEqual([]);
    expect(await spoolFiles(c, dir, 'changed')).toBe(1);
  });

  it('only renames a file committed to its end before a kill, even under a new name', async () => {
    const dir = spoolDir();
    writeFileSync(join(dir, 'a.log'), orderLines(0, 10, 'a'));
    const st = statSync(join(dir, 'a.log'), { bigint: true });
    // As a run killed after the last commit and before the rename leaves it; then someone renamed the file.
    const keys = new RedisKeys({ prefix: `t-done-${Date.now()}:` });
    await redis.hset(keys.collectorOffsets, `${dir}#${spoolFileKey(st)}`, JSON.stringify({ fileId: spoolFingerprint(st), offset: Number(st.size) }));
    renameSync(join(dir, 'a.log'), join(dir, 'a2.log'));
    const c = await start(dir, { KEY_PREFIX: keys.prefix });
    await expectEventually(() => expect(readdirSync(dir)).toEqual(['a2.log.COMPLETED']));
    expect(await streamOrderIds(redis, keys)).toEqual([]);
    expect(await spoolFiles(c, dir, 'completed')).toBe(1);
    expect(await redis.hlen(keys.collectorOffsets)).toBe(0);
  });

  it('waits for a folder that does not exist yet (a failing retry loop, backing off) and reads it once it appears', async () => {
    const dir = join(root, 'later');
    const c = await start(dir, { RETRY_MAX_MS: '200' });
    const failures = async (): Promise<number> => {
      const line = (await (await fetch(`${c.base}/metrics`)).text()).split('\n').find((l) => l.startsWith(`coffee_retry_consecutive_failures{loop="spool folders ${dir}"`));
      return line === undefined ? -1 : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    await expectEventually(async () => expect(await failures()).toBeGreaterThan(0));
    mkdirSync(dir);
    // An empty folder listed is the end of the failure (readiness recovers without a file).
    await expectEventually(async () => expect(await failures()).toBe(0));
    writeFileSync(join(dir, 'a.log'), orderLines(0, 5, 'a'));
    await expectEventually(() => expect(readdirSync(dir)).toEqual(['a.log.COMPLETED']));
    expect(await streamOrderIds(redis, c.keys)).toEqual(ids(0, 5, 'a'));
  });

  it('rejects spool settings out of range at start-up', async () => {
    await expect(start(spoolDir(), { SPOOL_MAX_FILES_IN_FLIGHT: '0' })).rejects.toThrow(/SPOOL_MAX_FILES_IN_FLIGHT/);
    await expect(start(spoolDir(), { SPOOL_MAX_FILE_BYTES: 'x' })).rejects.toThrow(/SPOOL_MAX_FILE_BYTES/);
  });
});
