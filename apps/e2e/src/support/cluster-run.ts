import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRedisClient, resolveRedisTarget, waitUntilReady, type RedisClient } from '@coffee/redis-io';
import { freePort, redisCli, startRedisCluster, type RedisCluster } from '@coffee/testing';
import { startService, waitForHttp, type Service } from './services';

/** Starts a 3-master + 3-replica Redis Cluster and a client on it, ready. */
export async function startClusterWithClient(name: string): Promise<{ cluster: RedisCluster; redis: RedisClient }> {
  const cluster = await startRedisCluster();
  const redis = createRedisClient(resolveRedisTarget(undefined, cluster.seeds), { name });
  await waitUntilReady(redis, 10_000);
  return { cluster, redis };
}

/** The settings every service of a cluster suite shares: the cluster's seeds (no REDIS_URL), shards, key prefix, Seoul 30 s windows. */
export function clusterEnv(cluster: RedisCluster, keyPrefix: string, orderShards: number): Record<string, string> {
  return { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.seeds, ORDER_SHARDS: String(orderShards), KEY_PREFIX: keyPrefix, TIME_ZONE: 'Asia/Seoul', WINDOW_SIZE_SECONDS: '30' };
}

/** Which services {@link startPipelineServices} starts. */
export interface PipelineServicesOptions {
  /** The collector's ORDERS_FILES. */
  ordersFiles: string;
  /** How many processors (consumers p1, p2, …). */
  processors: number;
  /** Settings of the processors besides port, consumer name and IDLE_CLOSE_MS (2000). */
  processorEnv?: Record<string, string>;
  /** Starts a gateway too, with no dashboard (a missing folder under `dir`). */
  gateway?: { dir: string };
}

/** Where the started services answer: `readyUrls` are their readiness URLs, every one 200 when this resolves. */
export interface PipelineServices {
  collectorUrl: string;
  gatewayUrl: string;
  readyUrls: string[];
}

/** Starts a collector, processors and (optionally) a gateway on `env`, adds them to `services` and waits until each is ready. */
export async function startPipelineServices(services: Service[], env: Record<string, string>, options: PipelineServicesOptions): Promise<PipelineServices> {
  const [collectorPort = 0, gatewayPort = 0, ...processorPorts] = await Promise.all(Array.from({ length: options.processors + 2 }, () => freePort()));
  const collectorUrl = `http://127.0.0.1:${collectorPort}`;
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const readyUrls = [`${collectorUrl}/health/ready`];
  services.push(startService('collector', { ...env, COLLECTOR_PORT: String(collectorPort), ORDERS_FILES: options.ordersFiles }));
  processorPorts.forEach((port, p) => {
    services.push(startService('processor', { ...env, ...options.processorEnv, PROCESSOR_PORT: String(port), CONSUMER_NAME: `p${p + 1}`, IDLE_CLOSE_MS: '2000' }));
    readyUrls.push(`http://127.0.0.1:${port}/health/ready`);
  });
  if (options.gateway !== undefined) {
    services.push(startService('api-gateway', { ...env, GATEWAY_PORT: String(gatewayPort), DASHBOARD_DIR: join(options.gateway.dir, 'no-dashboard') }));
    readyUrls.push(`${gatewayUrl}/api/health`);
  }
  await Promise.all(readyUrls.map((url) => waitForHttp(url)));
  return { collectorUrl, gatewayUrl, readyUrls };
}

/** Port of the master serving `slot`: the master whose own `CLUSTER NODES` line (`myself`) lists a range holding it. */
export async function masterOf(cluster: RedisCluster, slot: number): Promise<number> {
  for (const [port, role] of await cluster.roles()) {
    const myself = role.role === 'master' ? (await redisCli(port, 'CLUSTER', 'NODES')).split('\n').find((line) => line.includes('myself')) : undefined;
    const ranges = myself?.split(' ').slice(8) ?? [];
    if (
      ranges.some((range) => {
        const [from = -1, to = from] = range.split('-').map(Number);
        return slot >= from && slot <= to;
      })
    ) {
      return port;
    }
  }
  throw new Error(`no master serves slot ${slot}`);
}

/** Port of a replica of the master at `masterPort`; throws when it has none. */
export async function replicaOf(cluster: RedisCluster, masterPort: number): Promise<number> {
  const replica = [...(await cluster.roles())].find(([, role]) => role.role === 'replica' && role.masterPort === masterPort)?.[0];
  if (replica === undefined) {
    throw new Error(`master ${masterPort} has no replica`);
  }
  return replica;
}

/** What a cluster suite started: stopped in reverse order, then its cluster and its files removed. */
export interface ClusterRun {
  services: Service[];
  redis?: RedisClient;
  cluster?: RedisCluster;
  dir?: string;
}

/** Stops a cluster suite's services (newest first), its client and cluster, and removes its directory. */
export async function stopClusterRun({ services, redis, cluster, dir }: ClusterRun): Promise<void> {
  for (const service of [...services].reverse()) {
    await service.stop();
  }
  redis?.disconnect();
  await cluster?.stop();
  if (dir !== undefined) {
    rmSync(dir, { recursive: true, force: true });
  }
}
