// Covers the whole pipeline on real processes: generator (seeded, with truth) → file → collector → stream →
// processor → Redis hashes, checked against the truth exactly, and through the gateway's REST and WebSocket.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { ALL_BRANCHES, STATISTIC_TYPES, type LiveStatisticsBody, type StatisticType } from '@coffee/aggregation';
import { RedisKeys } from '@coffee/redis-io';
import { expectEventually, freePort, startRedisServer, type RedisServer } from '@coffee/testing';
import { runGenerator, startService, waitForHttp, type Service } from './support/services';
import { clientBranch, expectRestHistoryMatchesTruth, nonZero, readTruth, storedHashMismatches, waitUntilAllCounted, type Truth } from './support/truth';

const ORDERS = 120_000;
const START = '2026-03-01T00:00:00.000Z';
const INTERVAL_MS = 2; // 120k orders × 2 ms = 4 min of event time = 8 windows of 30 s

describe('pipeline end to end', () => {
  let redisServer: RedisServer;
  let redis: Redis;
  let dir: string;
  let truth: Truth;
  let gatewayUrl: string;
  const services: Service[] = [];
  const keys = new RedisKeys({ prefix: 'e2e:' });
  const lastLive = new Map<string, LiveStatisticsBody>();
  let socket: Socket;

  beforeAll(async () => {
    redisServer = await startRedisServer();
    redis = new Redis(redisServer.url);
    dir = mkdtempSync(join(tmpdir(), 'coffee-e2e-'));
    const ordersFile = join(dir, 'orders.txt');
    const env = { REDIS_URL: redisServer.url, KEY_PREFIX: keys.prefix, TIME_ZONE: 'Asia/Seoul', WINDOW_SIZE_SECONDS: '30' };
    const gatewayPort = await freePort();
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const collectorPort = await freePort();
    const processorPort = await freePort();
    services.push(startService('collector', { ...env, COLLECTOR_PORT: String(collectorPort), ORDERS_FILES: ordersFile }));
    services.push(startService('processor', { ...env, PROCESSOR_PORT: String(processorPort), IDLE_CLOSE_MS: '2000' }));
    services.push(startService('api-gateway', { ...env, GATEWAY_PORT: String(gatewayPort), DASHBOARD_DIR: join(dir, 'no-dashboard') }));
    await Promise.all([
      waitForHttp(`http://127.0.0.1:${collectorPort}/health`),
      waitForHttp(`http://127.0.0.1:${processorPort}/health`),
      waitForHttp(`${gatewayUrl}/api/health`),
    ]);

    socket = io(gatewayUrl, { transports: ['websocket'] });
    socket.on('stats', (body: LiveStatisticsBody) => lastLive.set(`${body.branch}|${body.date}`, body));
    const ack = await socket.timeout(10_000).emitWithAck('subscribe', { branches: ['jeongja', 'seohyeon', 'sunae', 'migeum', 'all'] });
    expect(ack).toMatchObject({ ok: true });

    const truthFile = join(dir, 'truth.json');
    await runGenerator(['--rate', 'max', '--count', String(ORDERS), '--seed', '42', '--timestamps', '--start', START, '--interval-ms', String(INTERVAL_MS), '--out', ordersFile, '--truth', truthFile]);
    truth = readTruth(truthFile);

    // Everything is counted when the all-branches day total of cups equals the truth's.
    await waitUntilAllCounted(redis, [keys], truth, 120_000);
  }, 240_000);

  afterAll(async () => {
    socket?.close();
    for (const service of services.reverse()) {
      await service.stop();
    }
    redis?.disconnect();
    await redisServer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the generator wrote the asked-for orders over several windows', () => {
    expect(truth.orders).toBe(ORDERS);
    const baseWindows = new Set(Object.keys(truth.hashes).filter((k) => k.split(':')[1].length === 14).map((k) => k.split(':')[1]));
    expect(baseWindows.size).toBeGreaterThanOrEqual(8);
  });

  it('the truth covers every statistic type, OrderSizes summing to the orders', () => {
    for (const type of STATISTIC_TYPES) {
      expect(Object.keys(truth.hashes).some((k) => k.endsWith(`:${type}`))).toBe(true);
    }
    const sizes = Object.entries(truth.hashes).filter(([k]) => k.startsWith(`${ALL_BRANCHES}:`) && k.split(':')[1].length === 8 && k.endsWith(':OrderSizes'));
    expect(sizes.reduce((total, [, counts]) => total + Object.values(counts).reduce((x, y) => x + y, 0), 0)).toBe(ORDERS);
  });

  it('every stored hash equals the truth exactly, for every branch, type, resolution and the roll-up', async () => {
    expect(await storedHashMismatches(redis, keys, truth)).toEqual([]);
  });

  it('no window exists that the truth does not have', async () => {
    const expectedDates = new Map<string, Set<string>>();
    for (const key of Object.keys(truth.hashes)) {
      const [branch, date] = key.split(':');
      const resolution = { 14: '30s', 12: '1m', 10: '1h', 8: '1d' }[date.length];
      const indexKey = keys.windowsIndex(branch, resolution ?? '?');
      expectedDates.set(indexKey, (expectedDates.get(indexKey) ?? new Set()).add(date));
    }
    for (const [indexKey, dates] of expectedDates) {
      const stored = await redis.zrange(indexKey, 0, -1);
      expect({ indexKey, dates: [...stored].sort() }).toEqual({ indexKey, dates: [...dates].sort() });
    }
  });

  it.each(['30s', '1h'])('REST history at %s matches the truth for every branch and type', async (resolution) => {
    const from = Date.parse(START);
    await expectRestHistoryMatchesTruth(gatewayUrl, truth.hashes, { resolution, from, to: from + ORDERS * INTERVAL_MS - 1, branches: ['jeongja', 'seohyeon', 'sunae', 'migeum', ALL_BRANCHES] });
  });

  it('a WebSocket client ends with the stored totals of every window it was sent', async () => {
    const baseKeys = Object.entries(truth.hashes).filter(([key]) => key.split(':')[1].length === 14);
    await expectEventually(
      () => {
        const mismatches: string[] = [];
        for (const [key, expected] of baseKeys) {
          const [branch, date, type] = key.split(':');
          const live = lastLive.get(`${clientBranch(branch)}|${date}`);
          const got = live === undefined ? undefined : nonZero(live.stats[type as StatisticType]);
          if (JSON.stringify(Object.entries(got ?? {}).sort()) !== JSON.stringify(Object.entries(expected).sort())) {
            mismatches.push(`${key}: live ${JSON.stringify(got)} expected ${JSON.stringify(expected)}`);
          }
        }
        expect(mismatches).toEqual([]);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  });
});
