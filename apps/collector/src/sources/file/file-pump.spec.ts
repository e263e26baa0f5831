// Covers SourcePump on real files and a real redis-server: validation into stream/dead letters, rotation and copy-truncate, a Redis outage, two rival collectors, resume and stop.
import { appendFileSync, copyFileSync, mkdtempSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import type { Redis } from 'ioredis';
import { createRedis, OrderStreamSink, RedisKeys } from '@coffee/redis-io';
import { expectEventually, startRedisServer, type RedisServer } from '@coffee/testing';
import { deadLetters, streamLines, streamOrderIds } from '../../../test/support/stream-reader';
import { ids, orderLine, orderLines } from '../../../test/support/order-lines';
import { CollectorMetrics } from '../../metrics/collector.metrics';
import { FileTailer } from './file-tailer';
import { SourcePump, type SourcePumpOptions, type PumpLogger } from '../../pipeline/source-pump';
import { LineValidatorPool } from '../../pipeline/line-validator-pool';

const NOW = 1_700_000_000_000;

describe('SourcePump', () => {
  let server: RedisServer;
  let redis: Redis;
  let dir: string;
  let file: string;
  let keys: RedisKeys;
  let logger: PumpLogger & { warn: jest.Mock };
  const pumps: SourcePump[] = [];
  let lastTailer: FileTailer | undefined;

  beforeAll(async () => {
    server = await startRedisServer({ appendOnly: true });
    redis = createRedis(server.url, { name: 'pump-test' });
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'collector-pump-'));
    file = join(dir, 'orders.txt');
    keys = new RedisKeys({ prefix: `t-${randomUUID()}:` });
    logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };
  });
  afterEach(async () => {
    await Promise.all(pumps.splice(0).map((p) => p.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  function pump(options: Partial<SourcePumpOptions> = {}, sinkRedis: Redis = redis): SourcePump {
    const tailer = new FileTailer(file, { maxLineBytes: options.maxLineBytes ?? 2_000, pollIntervalMs: 20, rotationGraceMs: 50 });
    lastTailer = tailer;
    const p = new SourcePump(tailer, new OrderStreamSink(sinkRedis, keys), new LineValidatorPool(0), new CollectorMetrics(new Registry()), logger, {
      sourceId: file,
      batchSize: 100,
      flushIntervalMs: 5,
      maxLineBytes: 2_000,
      startPosition: 'beginning',
      retryMaxMs: 200,
      now: () => NOW,
      ...options,
    });
    pumps.push(p);
    p.start();
    return p;
  }

  async function committedOffset(): Promise<number | undefined> {
    const stored = await redis.hget(keys.collectorOffsets, file);
    return stored === null ? undefined : (JSON.parse(stored) as { offset: number }).offset;
  }

  it('writes valid lines in file order, stamped, and invalid ones as dead letters with their codes', async () => {
    const lines = [
      orderLine(0),
      'not json',
      '',
      '{"branch":"jeongja","orders":["Americano"],"paymentMethod":"Cash"}',
      `${orderLine(1).slice(0, -1)},"timestamp":"2014-10-01T09:30:00+09:00"}\r`,
      `{"branch":"bad branch","orders":["x"],"paymentMethod":"Cash","customerAgeGrade":"2030","pad":"${'x'.repeat(10)}"}`,
      `{"pad":"${'y'.repeat(3_000)}"}`,
      '   ',
      orderLine(2),
    ];
    writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
    const fileId = (() => {
      const st = statSync(file, { bigint: true });
      return `${st.dev}:${st.ino}`;
    })();
    pump();
    await expectEventually(async () => expect(await committedOffset()).toBe(statSync(file).size));
    const stored = (await streamLines(redis, keys)).map((l) => JSON.parse(l) as { orderId: string; timestamp: number });
    expect(stored.map((o) => [o.orderId, o.timestamp])).toEqual([['o-0', NOW], ['o-1', Date.parse('2014-10-01T00:30:00Z')], ['o-2', NOW]]);
    const offsets: number[] = [];
    lines.reduce((offset, line) => (offsets.push(offset), offset + Buffer.byteLength(line) + 1), 0);
    const letters = await deadLetters(redis, keys);
    expect(letters.map((d) => [d.code, d.position, d.source])).toEqual([
      ['INVALID_JSON', `${fileId}@${offsets[1]}`, `file:${file}`],
      ['MISSING_FIELD', `${fileId}@${offsets[3]}`, `file:${file}`],
      ['INVALID_BRANCH', `${fileId}@${offsets[5]}`, `file:${file}`],
      ['LINE_TOO_LONG', `${fileId}@${offsets[6]}`, `file:${file}`],
    ]);
    expect(letters[0].raw).toBe('not json');
    expect(letters[3].message).toContain('3010 bytes');
  });

  it('keeps 4 KiB of raw and the full line size in rawBytes for rejected and too-long lines (issue 14 row 11)', async () => {
    const rejected = `{"pad":"${'z'.repeat(6_000)}"}`; // under MAX_LINE_BYTES, rejected by validation
    const tooLong = `{"pad":"${'w'.repeat(9_000)}"}`; // over MAX_LINE_BYTES
    writeFileSync(file, `${rejected}\n${tooLong}\n${orderLine(0)}\n`);
    pump({ maxLineBytes: 8_192 });
    await expectEventually(async () => expect(await committedOffset()).toBe(statSync(file).size));
    const letters = await deadLetters(redis, keys);
    expect(letters.map((d) => [d.code, Buffer.byteLength(d.raw), d.rawBytes])).toEqual([
      ['MISSING_FIELD', 4_096, String(rejected.length)],
      ['LINE_TOO_LONG', 4_096, String(tooLong.length)],
    ]);
  });

  it('loses and repeats nothing across rename rotation and copy-truncate during a run', async () => {
    writeFileSync(file, '');
    pump();
    await expectEventually(() => expect(lastTailer?.fileId).not.toBeNull());
    appendFileSync(file, orderLines(0, 300));
    appendFileSync(file, orderLines(300, 200));
    renameSync(file, `${file}.1`);
    appendFileSync(`${file}.1`, orderLines(500, 100));
    writeFileSync(file, orderLines(600, 150));
    await expectEventually(async () => expect(await streamOrderIds(redis, keys)).toHaveLength(750));
    await expectEventually(async () => expect(await committedOffset()).toBe(statSync(file).size));
    copyFileSync(file, `${file}.2`);
    truncateSync(file, 0);
    appendFileSync(file, orderLines(750, 100));
    appendFileSync(file, orderLines(850, 100));
    await expectEventually(async () => expect(await streamOrderIds(redis, keys)).toEqual(ids(0, 950)));
  });

  it('stops reading while Redis is down and continues from the committed position after it returns', async () => {
    const own = createRedis(server.url, { name: 'pump-outage' });
    own.on('error', () => undefined);
    writeFileSync(file, orderLines(0, 500));
    pump({}, own);
    await expectEventually(async () => expect(await streamOrderIds(redis, keys)).toHaveLength(500));
    await server.kill();
    appendFileSync(file, orderLines(500, 500));
    await server.start();
    await expectEventually(async () => expect(await streamOrderIds(redis, keys)).toEqual(ids(0, 1000)), { timeoutMs: 20_000 });
    own.disconnect();
  });

  it('lets two collectors on one file share it: every line exactly once, in order', async () => {
    writeFileSync(file, '');
    const other = createRedis(server.url, { name: 'pump-rival' });
    pump();
    pump({}, other);
    for (let burst = 0; burst < 10; burst++) {
      appendFileSync(file, orderLines(burst * 200, 200));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await expectEventually(async () => expect(await committedOffset()).toBe(statSync(file).size));
    expect(await streamOrderIds(redis, keys)).toEqual(ids(0, 2000));
    await Promise.all(pumps.splice(0).map((p) => p.stop()));
    other.disconnect();
  });

  it('resumes after a restart where the last commit ended', async () => {
    writeFileSync(file, orderLines(0, 100));
    const first = pump();
    await expectEventually(async () => expect(await committedOffset()).toBe(statSync(file).size));
    await first.stop();
    appendFileSync(file, orderLines(100, 50));
    pump({ startPosition: 'end' });
    await expectEventually(async () => expect(await streamOrderIds(redis, keys)).toEqual(ids(0, 150)));
  });

  it('starts at the end of an existing file when nothing was committed and START_POSITION is end', async () => {
    writeFileSync(file, orderLines(0, 20));
    pump({ startPosition: 'end' });
    await expectEventually(() => expect(lastTailer?.fileId).not.toBeNull());
    appendFileSync(file, orderLines(20, 5));
    await expectEventually(async () => expect(await streamOrderIds(redis, keys)).toEqual(ids(20, 5)));
  });

  it('commits the lines already read when stopped', async () => {
    writeFileSync(file, orderLines(0, 10));
    const p = pump({ batchSize: 1000, flushIntervalMs: 60_000 });
    // All ten lines read (nothing left behind) but, with a 60 s flush interval, not yet committed.
    await expectEventually(() => expect([lastTailer?.fileId !== null, lastTailer?.bytesBehind]).toEqual([true, 0]));
    expect(await redis.exists(keys.ordersStream)).toBe(0);
    await p.stop();
    expect(await streamOrderIds(redis, keys)).toEqual(ids(0, 10));
    expect(await committedOffset()).toBe(statSync(file).size);
  });
});
