// Covers the pipeline on a real 3-master + 3-replica Redis Cluster (REDIS_CLUSTER_NODES, one order shard): generator truth → file → collector → 2 processors → hashes and REST, exact; readiness truthful for a gateway pointed at one cluster node with REDIS_URL.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_BRANCHES, type StatisticType } from '@coffee/aggregation';
import { keySlot, orderShardKeys, type RedisClient } from '@coffee/redis-io';
import { expectEventually, freePort, type RedisCluster } from '@coffee/testing';
import { clusterEnv, startClusterWithClient, startPipelineServices, stopClusterRun } from './support/cluster-run';
import { runGenerator, startService, type Service } from './support/services';
import { expectRestHistoryMatchesTruth, readTruth, storedHashMismatches, waitUntilAllCounted, type Truth } from './support/truth';

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
    ({ cluster, redis } = await startClusterWithClient('e2e-cluster'));
    config.redisClusterNodes = cluster.seeds;
    dir = mkdtempSync(join(tmpdir(), 'coffee-e2e-cluster-'));
    const ordersFile = join(dir, 'orders.txt');
    ({ gatewayUrl } = await startPipelineServices(services, clusterEnv(cluster, config.keyPrefix, 1), { ordersFiles: ordersFile, processors: 2, gateway: { dir } }));

    const truthFile = join(dir, 'truth.json');
    await runGenerator(['--rate', 'max', '--count', String(ORDERS), '--seed', '7', '--timestamps', '--start', START, '--interval-ms', String(INTERVAL_MS), '--out', ordersFile, '--truth', truthFile]);
    truth = readTruth(truthFile);
    await waitUntilAllCounted(redis, orderShardKeys(config), truth, 180_000);
  }, 300_000);

  afterAll(async () => {
    await stopClusterRun({ services, redis, cluster, dir });
  });

  it('every stored hash equals the truth exactly, all in the shard\'s slot', async () => {
    const [keys] = orderShardKeys(config);
    if (keys === undefined) {
      throw new Error('no shard layout');
    }
    // One slot: one pipeline is valid on a cluster connection.
    const slots = new Set(Object.keys(truth.hashes).map((key) => {
      const [branch = '', date = '', type = ''] = key.split(':');
      return keySlot(keys.statsHash(branch, date, type as StatisticType));
    }));
    expect(slots.size).toBe(1);
    expect(await storedHashMismatches(redis, keys, truth)).toEqual([]);
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
