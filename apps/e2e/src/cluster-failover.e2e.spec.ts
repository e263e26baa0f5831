// Covers master failovers mid-run on a real 3-master + 3-replica Redis Cluster while collector and 2 processors work through the generator's orders: a graceful CLUSTER FAILOVER, and a kill -9 of the shard's master with REPLICA_WAIT_MS on → every stored hash still equals the truth, and the services are ready again.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_BRANCHES, type StatisticType } from '@coffee/aggregation';
import { createRedisClient, keySlot, orderShardKeys, resolveRedisTarget, waitUntilReady, type RedisClient } from '@coffee/redis-io';
import { expectEventually, freePort, redisCli, startRedisCluster, type RedisCluster } from '@coffee/testing';
import { stopClusterRun } from './support/cluster-run';
import { runGenerator, startService, waitForHttp, type Service } from './support/services';

interface Truth {
  cups: number;
  hashes: Record<string, Record<string, number>>;
}

const ORDERS = 40_000;
const START = '2026-03-02T00:00:00.000Z';

/** Port of the master serving `slot`: the master whose own `CLUSTER NODES` line (`myself`) lists a range holding it. */
async function masterOf(cluster: RedisCluster, slot: number): Promise<number> {
  for (const [port, role] of await cluster.roles()) {
    const myself = role.role === 'master' ? (await redisCli(port, 'CLUSTER', 'NODES')).split('\n').find((line) => line.includes('myself')) : undefined;
    const ranges = myself?.split(' ').slice(8) ?? [];
    if (ranges.some((range) => {
      const [from = -1, to = from] = range.split('-').map(Number);
      return slot >= from && slot <= to;
    })) {
      return port;
    }
  }
  throw new Error(`no master serves slot ${slot}`);
}

const MODES: { name: string; kill: boolean; env: Record<string, string> }[] = [
  { name: 'graceful CLUSTER FAILOVER', kill: false, env: {} },
  { name: 'kill -9 of the master with REPLICA_WAIT_MS=2000, then its restart as a replica', kill: true, env: { REPLICA_WAIT_MS: '2000' } },
];

describe.each(MODES)('$name mid-run on a Redis Cluster', (mode) => {
  let cluster: RedisCluster;
  let redis: RedisClient;
  let dir: string;
  let truth: Truth;
  let failedOver: { from: number; to: number };
  const services: Service[] = [];
  const readyUrls: string[] = [];
  const config = { keyPrefix: 'e2e-failover:', redisClusterNodes: '', orderShards: 1 };

  beforeAll(async () => {
    cluster = await startRedisCluster();
    config.redisClusterNodes = cluster.seeds;
    redis = createRedisClient(resolveRedisTarget(undefined, cluster.seeds), { name: 'e2e-failover' });
    await waitUntilReady(redis, 10_000);
    dir = mkdtempSync(join(tmpdir(), 'coffee-e2e-failover-'));
    const ordersFile = join(dir, 'orders.txt');
    const env = { ...mode.env, REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.seeds, KEY_PREFIX: config.keyPrefix, TIME_ZONE: 'Asia/Seoul', WINDOW_SIZE_SECONDS: '30' };
    const [gatewayPort, collectorPort, processorPort1, processorPort2] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    services.push(startService('collector', { ...env, COLLECTOR_PORT: String(collectorPort), ORDERS_FILES: ordersFile }));
    services.push(startService('processor', { ...env, PROCESSOR_PORT: String(processorPort1), CONSUMER_NAME: 'p1', IDLE_CLOSE_MS: '2000' }));
    services.push(startService('processor', { ...env, PROCESSOR_PORT: String(processorPort2), CONSUMER_NAME: 'p2', IDLE_CLOSE_MS: '2000' }));
    services.push(startService('api-gateway', { ...env, GATEWAY_PORT: String(gatewayPort), DASHBOARD_DIR: join(dir, 'no-dashboard') }));
    readyUrls.push(`http://127.0.0.1:${collectorPort}/health/ready`, `http://127.0.0.1:${processorPort1}/health/ready`, `http://127.0.0.1:${processorPort2}/health/ready`, `http://127.0.0.1:${gatewayPort}/api/health`);
    await Promise.all(readyUrls.map((url) => waitForHttp(url)));

    const [keys] = orderShardKeys(config);
    if (keys === undefined) {
      throw new Error('no shard layout');
    }
    const master = await masterOf(cluster, keySlot(keys.ordersStream));
    const roles = await cluster.roles();
    const replica = [...roles].find(([, role]) => role.role === 'replica' && role.masterPort === master)?.[0];
    if (replica === undefined) {
      throw new Error(`master ${master} has no replica`);
    }
    const truthFile = join(dir, 'truth.json');
    await runGenerator(['--rate', 'max', '--count', String(ORDERS), '--seed', '11', '--timestamps', '--start', START, '--interval-ms', '6', '--out', ordersFile, '--truth', truthFile]);
    truth = JSON.parse(readFileSync(truthFile, 'utf8')) as Truth;
    // Mid-run: the file is written, the collector and processors are still working through it.
    if (mode.kill) {
      await cluster.nodes.find((node) => node.port === master)?.kill();
    } else {
      expect(await redisCli(replica, 'CLUSTER', 'FAILOVER')).toMatch(/OK/);
    }
    failedOver = { from: master, to: replica };
    await expectEventually(async () => expect((await cluster.roles()).get(replica)?.role).toBe('master'), { timeoutMs: 30_000, intervalMs: 100 });
    if (mode.kill) {
      // WAIT 1 needs a replica: the shard's commits hold (fail closed) until the killed node is back, as a replica of the new master.
      await cluster.nodes.find((node) => node.port === master)?.start();
      await cluster.waitHealthy();
    }

    const dayKey = Object.keys(truth.hashes).find((k) => k.startsWith(`${ALL_BRANCHES}:`) && k.split(':')[1]?.length === 8 && k.endsWith(':Orders'));
    const dayDate = dayKey?.split(':')[1] ?? '';
    await expectEventually(
      async () => {
        const counts = await redis.hgetall(keys.statsHash(ALL_BRANCHES, dayDate, 'Orders'));
        expect(Object.values(counts).reduce((sum, n) => sum + Number(n), 0)).toBe(truth.cups);
      },
      { timeoutMs: 180_000, intervalMs: 250 },
    );
  }, 300_000);

  afterAll(async () => {
    if (process.env['DEBUG_E2E'] !== undefined) {
      for (const service of services) {
        process.stderr.write(`----- ${service.name}\n${service.output.slice(-30).join('')}\n`);
      }
    }
    await stopClusterRun({ services, redis, cluster, dir });
  });

  it('moved the shard to the former replica', async () => {
    const roles = await cluster.roles();
    expect(roles.get(failedOver.to)?.role).toBe('master');
    expect(roles.get(failedOver.from)).toEqual({ role: 'replica', masterPort: failedOver.to, slots: 0 });
  });

  it('every stored hash equals the truth exactly after the failover', async () => {
    const [keys] = orderShardKeys(config);
    if (keys === undefined) {
      throw new Error('no shard layout');
    }
    const entries = Object.entries(truth.hashes);
    const pipeline = redis.pipeline();
    for (const [key] of entries) {
      const [branch = '', date = '', type = ''] = key.split(':');
      pipeline.hgetall(keys.statsHash(branch, date, type as StatisticType));
    }
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

  it('every service is ready again and none exited', async () => {
    await expectEventually(
      async () => {
        const statuses = await Promise.all(readyUrls.map(async (url) => (await fetch(url)).status));
        expect(statuses).toEqual(readyUrls.map(() => 200));
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(services.map((service) => service.child.exitCode)).toEqual(services.map(() => null));
  });
});
