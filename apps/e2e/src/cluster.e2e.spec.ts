// Covers the pipeline on a real 3-master + 3-replica Redis Cluster (REDIS_CLUSTER_NODES, one order shard): generator truth → file → collector → 2 processors → hashes and REST, exact; readiness truthful for a gateway pointed at one cluster node with REDIS_URL.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_BRANCHES, type StatisticType } from '@coffee/aggregation';
import { createRedisClient, keySlot, orderShardKeys, resolveRedisTarget, waitUntilReady, type RedisClient } from '@coffee/redis-io';
import { expectEventually, freePort, startRedisCluster, type RedisCluster } from '@coffee/testing';
import { expectRestHistoryMatchesTruth, stopClusterRun } from './support/cluster-run';
import { runGenerator, startService, waitForHttp, type Service } from './support/services';

interface Truth {
  orders: number;
  cups: number;
  hashes: Record<string, Record<string, number>>;
}

const ORDERS = 30_000;
const START = '2026-03-01T00:00:00.000Z';
const INTERVAL_MS = 8; // 30k orders × 8 ms = 4 min of event time = 8 windows of 30 s

describe('pipeline end to end on a Redis Cluster', () => {
  let cluster: RedisCluster;
  let redis: RedisClient;
  let dir: string;
  let truth: Truth;
  let gatewayUrl: string;
  const services: Service[] = [];
  const config = { keyPrefix: 'e2e-cluster:', redisClusterNodes: '', orderShards: 1 };

  beforeAll(async () => {
    cluster = await startRedisCluster();
    config.redisClusterNodes = cluster.seeds;
    redis = createRedisClient(resolveRedisTarget(undefined, cluster.seeds), { name: 'e2e-cluster' });
    await waitUntilReady(redis, 10_000);
    dir = mkdtempSync(join(tmpdir(), 'coffee-e2e-cluster-'));
    const ordersFile = join(dir, 'orders.txt');
    const env = { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.seeds, ORDER_SHARDS: '1', KEY_PREFIX: config.keyPrefix, TIME_ZONE: 'Asia/Seoul', WINDOW_SIZE_SECONDS: '30' };
    const [gatewayPort, collectorPort, processorPort1, processorPort2] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    services.push(startService('collector', { ...env, COLLECTOR_PORT: String(collectorPort), ORDERS_FILES: ordersFile }));
    services.push(startService('processor', { ...env, PROCESSOR_PORT: String(processorPort1), CONSUMER_NAME: 'p1', IDLE_CLOSE_MS: '2000' }));
    services.push(startService('processor', { ...env, PROCESSOR_PORT: String(processorPort2), CONSUMER_NAME: 'p2', IDLE_CLOSE_MS: '2000' }));
    services.push(startService('api-gateway', { ...env, GATEWAY_PORT: String(gatewayPort), DASHBOARD_DIR: join(dir, 'no-dashboard') }));
    await Promise.all([
      waitForHttp(`http://127.0.0.1:${collectorPort}/health/ready`),
      waitForHttp(`http://127.0.0.1:${processorPort1}/health/ready`),
      waitForHttp(`http://127.0.0.1:${processorPort2}/health/ready`),
      waitForHttp(`${gatewayUrl}/api/health`),
    ]);

    const truthFile = join(dir, 'truth.json');
    await runGenerator(['--rate', 'max', '--count', String(ORDERS), '--seed', '7', '--timestamps', '--start', START, '--interval-ms', String(INTERVAL_MS), '--out', ordersFile, '--truth', truthFile]);
    truth = JSON.parse(readFileSync(truthFile, 'utf8')) as Truth;
    const [keys] = orderShardKeys(config);
    const dayKey = Object.keys(truth.hashes).find((k) => k.startsWith(`${ALL_BRANCHES}:`) && k.split(':')[1]?.length === 8 && k.endsWith(':Orders'));
    if (keys === undefined || dayKey === undefined) {
      throw new Error('no shard layout or no all-branches day hash in the truth');
    }
    const dayDate = dayKey.split(':')[1] ?? '';
    await expectEventually(
      async () => {
        const counts = await redis.hgetall(keys.statsHash(ALL_BRANCHES, dayDate, 'Orders'));
        expect(Object.values(counts).reduce((sum, n) => sum + Number(n), 0)).toBe(truth.cups);
      },
      { timeoutMs: 180_000, intervalMs: 250 },
    );
  }, 300_000);

  afterAll(async () => {
    await stopClusterRun({ services, redis, cluster, dir });
  });

  it('every stored hash equals the truth exactly, all in the shard\'s slot', async () => {
    const [keys] = orderShardKeys(config);
    if (keys === undefined) {
      throw new Error('no shard layout');
    }
    const entries = Object.entries(truth.hashes);
    // One slot: one pipeline is valid on a cluster connection.
    const pipeline = redis.pipeline();
    const slots = new Set<number>();
    for (const [key] of entries) {
      const [branch = '', date = '', type = ''] = key.split(':');
      const stored = keys.statsHash(branch, date, type as StatisticType);
      slots.add(keySlot(stored));
      pipeline.hgetall(stored);
    }
    expect(slots.size).toBe(1);
    const results = (await pipeline.exec()) ?? [];
    const mismatches: string[] = [];
    entries.forEach(([key, expected], i) => {
      const stored = Object.fromEntries(Object.entries((results[i]?.[1] ?? {}) as Record<string, string>).map(([f, n]) => [f, Number(n)]));
      if (JSON.stringify(Object.entries(stored).sort()) !== JSON.stringify(Object.entries(expected).sort())) {
        mismatches.push(`${key}: stored ${JSON.stringify(stored)} expected ${JSON.stringify(expected)}`);
      }
    });
    expect(mismatches).toEqual([]);
  });

  it.each(['30s', '1h'])('REST history at %s matches the truth for every branch and type', async (resolution) => {
    const from = Date.parse(START);
    await expectRestHistoryMatchesTruth(gatewayUrl, truth.hashes, { resolution, from, to: from + ORDERS * INTERVAL_MS - 1, branches: ['jeongja', 'seohyeon', 'sunae', 'migeum', ALL_BRANCHES] });
  });

  it('a gateway given one cluster node as REDIS_URL is not ready, and says to set REDIS_CLUSTER_NODES', async () => {
    const port = await freePort();
    const node = cluster.nodes[0];
    if (node === undefined) {
      throw new Error('no node');
    }
    const wrong = startService('api-gateway', { REDIS_URL: `redis://127.0.0.1:${node.port}`, REDIS_CLUSTER_NODES: '', KEY_PREFIX: config.keyPrefix, GATEWAY_PORT: String(port), DASHBOARD_DIR: join(dir, 'no-dashboard') });
    services.push(wrong);
    await expectEventually(
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/api/health`);
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({ status: 'error', reason: expect.stringMatching(/set REDIS_CLUSTER_NODES/) });
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  });
});
