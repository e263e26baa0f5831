// Covers master failovers mid-run on a real 3-master + 3-replica Redis Cluster while collector and 2 processors work through the generator's orders: a graceful CLUSTER FAILOVER, and a kill -9 of the shard's master with REPLICA_WAIT_MS on → every stored hash still equals the truth, and the services are ready again.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keySlot, orderShardKeys, type RedisClient } from '@coffee/redis-io';
import { expectEventually, redisCli, type RedisCluster } from '@coffee/testing';
import { clusterEnv, masterOf, replicaOf, startClusterWithClient, startPipelineServices, stopClusterRun } from './support/cluster-run';
import { runGenerator, type Service } from './support/services';
import { readTruth, storedHashMismatches, waitUntilAllCounted, type Truth } from './support/truth';

const ORDERS = 40_000;
const START = '2026-03-02T00:00:00.000Z';

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
    ({ cluster, redis } = await startClusterWithClient('e2e-failover'));
    config.redisClusterNodes = cluster.seeds;
    dir = mkdtempSync(join(tmpdir(), 'coffee-e2e-failover-'));
    const ordersFile = join(dir, 'orders.txt');
    const env = { ...mode.env, ...clusterEnv(cluster, config.keyPrefix, 1) };
    readyUrls.push(...(await startPipelineServices(services, env, { ordersFiles: ordersFile, processors: 2, gateway: { dir } })).readyUrls);

    const [keys] = orderShardKeys(config);
    if (keys === undefined) {
      throw new Error('no shard layout');
    }
    const master = await masterOf(cluster, keySlot(keys.ordersStream));
    const replica = await replicaOf(cluster, master);
    const truthFile = join(dir, 'truth.json');
    await runGenerator(['--rate', 'max', '--count', String(ORDERS), '--seed', '11', '--timestamps', '--start', START, '--interval-ms', '6', '--out', ordersFile, '--truth', truthFile]);
    truth = readTruth(truthFile);
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

    await waitUntilAllCounted(redis, [keys], truth, 180_000);
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
    expect(await storedHashMismatches(redis, keys, truth)).toEqual([]);
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
