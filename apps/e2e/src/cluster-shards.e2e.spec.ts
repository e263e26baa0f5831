// Covers the sharded pipeline (ORDER_SHARDS=3) on a real 3-master + 3-replica Redis Cluster: generator truth → 3 tailed files (one per shard, by path) and HTTP ingest (idempotent requests, each sent twice, and keyless ones) → collector → 3 processors → gateway. Every REST answer (every resolution, every branch and the roll-up, one stored hash, the branch list) equals the truth; live packets reach the truth summed over the shards; every shard holds a partial and every master holds keys.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_BRANCHES, STATISTIC_TYPES, type StatisticType } from '@coffee/aggregation';
import { orderShardKeys, shardIndexOf, type RedisClient } from '@coffee/redis-io';
import { expectEventually, redisCli, type RedisCluster } from '@coffee/testing';
import Redis from 'ioredis';
import { clusterEnv, startClusterWithClient, startPipelineServices, stopClusterRun } from './support/cluster-run';
import { runGenerator, type Service } from './support/services';
import { allBranchesDay, expectRestHistoryMatchesTruth, nonZero, readTruth, total, waitUntilAllCounted, type Truth } from './support/truth';

const SHARDS = 3;
const ORDERS = 30_000;
const START = '2026-03-03T00:00:00.000Z';
const INTERVAL_MS = 8; // 30k orders × 8 ms = 4 min of event time = 8 windows of 30 s
const HTTP_CHUNK = 500;

describe(`sharded pipeline (ORDER_SHARDS=${SHARDS}) end to end on a Redis Cluster`, () => {
  let cluster: RedisCluster;
  let redis: RedisClient;
  let subscriber: Redis;
  let dir: string;
  let truth: Truth;
  let gatewayUrl: string;
  let collectorUrl: string;
  const services: Service[] = [];
  const config = { keyPrefix: 'e2e-shards:', redisClusterNodes: '', orderShards: SHARDS };
  /** Per `<branch>:<date>`, the live packet with the most orders seen. */
  const livePeak = new Map<string, { orders: number; stats: Record<StatisticType, Record<string, number>> }>();
  const httpAnswers: { status: number; replayed: boolean }[] = [];
  const filesPerShard = new Map<number, string>();

  beforeAll(async () => {
    ({ cluster, redis } = await startClusterWithClient('e2e-shards'));
    config.redisClusterNodes = cluster.seeds;
    // PUBLISH is cluster-wide: a subscriber on any one node sees every processor's packets.
    subscriber = new Redis({ host: '127.0.0.1', port: cluster.nodes[1]?.port ?? 0, lazyConnect: true });
    await subscriber.connect();
    subscriber.on('message', (_channel: string, message: string) => {
      const body = (JSON.parse(message) as { body: { branch: string; date: string; stats: Record<StatisticType, Record<string, number>> } }).body;
      const orders = total(body.stats.Orders);
      const key = `${body.branch}:${body.date}`;
      if ((livePeak.get(key)?.orders ?? -1) < orders) {
        livePeak.set(key, { orders, stats: body.stats });
      }
    });
    await subscriber.subscribe(`${config.keyPrefix}CHANNEL_REDIS_PUBSUB`);

    dir = mkdtempSync(join(tmpdir(), 'coffee-e2e-shards-'));
    const allFile = join(dir, 'all.txt');
    const truthFile = join(dir, 'truth.json');
    await runGenerator(['--rate', 'max', '--count', String(ORDERS), '--seed', '11', '--timestamps', '--start', START, '--interval-ms', String(INTERVAL_MS), '--out', allFile, '--truth', truthFile]);
    truth = readTruth(truthFile);
    const lines = readFileSync(allFile, 'utf8').split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(ORDERS);
    // One tailed file per shard: the collector routes a file by its path.
    for (let n = 0; filesPerShard.size < SHARDS; n++) {
      const path = join(dir, `orders-${n}.txt`);
      const shard = shardIndexOf(path, SHARDS);
      if (!filesPerShard.has(shard)) {
        filesPerShard.set(shard, path);
      }
    }
    const files = [...filesPerShard.values()];
    // Lines i % 5 in 0..2 → file i % 5; 3..4 → HTTP.
    files.forEach((path, f) => writeFileSync(path, lines.filter((_, i) => i % 5 === f).map((line) => `${line}\n`).join('')));
    const httpLines = lines.filter((_, i) => i % 5 >= 3);

    ({ gatewayUrl, collectorUrl } = await startPipelineServices(services, clusterEnv(cluster, config.keyPrefix, SHARDS), { ordersFiles: files.join(','), processors: SHARDS, gateway: { dir } }));

    // HTTP ingest: chunks with an Idempotency-Key are sent twice (the retry must land on the shard of its receipt); others once, round robin.
    const post = async (body: string, key?: string): Promise<void> => {
      const response = await fetch(`${collectorUrl}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', ...(key === undefined ? {} : { 'idempotency-key': key }) },
        body,
      });
      httpAnswers.push({ status: response.status, replayed: response.headers.get('idempotent-replayed') === 'true' });
      await response.arrayBuffer();
    };
    for (let c = 0; c * HTTP_CHUNK < httpLines.length; c++) {
      const body = httpLines.slice(c * HTTP_CHUNK, (c + 1) * HTTP_CHUNK).join('\n');
      if (c % 2 === 0) {
        await post(body, `chunk-${c}`);
        await post(body, `chunk-${c}`);
      } else {
        await post(body);
      }
    }

    await waitUntilAllCounted(redis, orderShardKeys(config), truth, 180_000);
  }, 300_000);

  afterAll(async () => {
    subscriber?.disconnect();
    await stopClusterRun({ services, redis, cluster, dir });
  });

  it('HTTP ingest answered every request, and every retry with its key as a replay', () => {
    const keyed = Math.ceil(Math.ceil((ORDERS * 2) / 5 / HTTP_CHUNK) / 2);
    expect(httpAnswers.filter((answer) => answer.status !== 202)).toEqual([]);
    expect(httpAnswers.filter((answer) => answer.replayed)).toHaveLength(keyed);
  });

  it('every shard holds a partial of the roll-up, and every master holds keys', async () => {
    const layouts = orderShardKeys(config);
    const dayDate = allBranchesDay(truth, 'Orders');
    const partials = await Promise.all(layouts.map(async (keys) => total(await redis.hgetall(keys.statsHash(ALL_BRANCHES, dayDate, 'Orders')))));
    for (const partial of partials) {
      expect(partial).toBeGreaterThan(truth.cups / 10);
    }
    const masters = [...(await cluster.roles())].filter(([, role]) => role.role === 'master').map(([port]) => port);
    expect(masters).toHaveLength(3);
    for (const port of masters) {
      expect(Number((await redisCli(port, 'DBSIZE')).trim())).toBeGreaterThan(100);
    }
  });

  it.each(['30s', '1m', '1h', '1d'])('REST history at %s equals the truth for every branch, the roll-up and every type', async (resolution) => {
    const from = Date.parse(START);
    await expectRestHistoryMatchesTruth(gatewayUrl, truth.hashes, { resolution, from, to: from + ORDERS * INTERVAL_MS - 1, branches: ['jeongja', 'seohyeon', 'sunae', 'migeum', ALL_BRANCHES] });
  });

  it('one stored hash and the branch list are summed and unioned over the shards', async () => {
    const dayDate = allBranchesDay(truth, 'PaymentMethods');
    const response = await fetch(`${gatewayUrl}/api/stats/all/${dayDate}/PaymentMethods`);
    expect(response.status).toBe(200);
    expect(nonZero(((await response.json()) as { counts: Record<string, number> }).counts)).toEqual(truth.hashes[`${ALL_BRANCHES}:${dayDate}:PaymentMethods`]);
    const branches = ((await (await fetch(`${gatewayUrl}/api/branches`)).json()) as { branches: string[] }).branches;
    const expected = [...new Set(Object.keys(truth.hashes).map((key) => key.split(':')[0] ?? ''))].filter((branch) => branch !== ALL_BRANCHES).sort();
    expect(branches).toEqual(expected);
  });

  it('live packets reach each base window\'s truth summed over the shards (every branch and the roll-up)', async () => {
    const base = Object.entries(truth.hashes).filter(([key]) => key.split(':')[1]?.length === 14 && key.endsWith(':Orders'));
    expect(base.length).toBeGreaterThan(8);
    await expectEventually(
      () => {
        const wrong = base
          .map(([key, counts]) => {
            const [branch = '', date = ''] = key.split(':');
            return { key, expected: total(counts), live: livePeak.get(`${branch}:${date}`)?.orders };
          })
          .filter((item) => item.live !== item.expected);
        expect(wrong).toEqual([]);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    for (const [key] of base) {
      const [branch = '', date = ''] = key.split(':');
      const peak = livePeak.get(`${branch}:${date}`);
      for (const type of STATISTIC_TYPES) {
        expect(nonZero(peak?.stats[type] ?? {})).toEqual(truth.hashes[`${branch}:${date}:${type}`] ?? {});
      }
    }
  });
});
