import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startRedisServer, type RedisServer } from './redis-server';

const run = promisify(execFile);

/** Options for {@link startRedisCluster}. */
export interface RedisClusterOptions {
  /** Masters; the 16384 slots are split evenly among them. Default 3 (Redis Cluster's minimum). */
  masters?: number;
  /** Replicas per master. Default 1. */
  replicasPerMaster?: number;
  /** `cluster-node-timeout` in ms: how fast a dead master is failed over. Default 1 000 (small, for tests). */
  nodeTimeoutMs?: number;
  /** Append-only file with `appendfsync always` on every node, so `kill()` + `start()` keeps the data. Default false. */
  appendOnly?: boolean;
  /** How long to wait for the cluster to be healthy, ms. Default 30 000. */
  startTimeoutMs?: number;
}

/** A private loopback Redis Cluster started for one test suite. */
export interface RedisCluster {
  /** Every node, masters first as created (roles change after a failover: ask {@link RedisCluster.roles}). */
  readonly nodes: readonly RedisServer[];
  /** Seed list for clients: `127.0.0.1:<port>,127.0.0.1:<port>,…`, every node. */
  readonly seeds: string;
  /** Current role of every running node, by port, read from `CLUSTER NODES` of a live node. */
  roles(): Promise<Map<number, { role: 'master' | 'replica'; masterPort?: number; slots: number }>>;
  /** Resolves once every running node reports `cluster_state:ok` and every replica's link is up. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** Stops every node and removes their data directories. Idempotent. */
  stop(): Promise<void>;
}

/** Runs `redis-cli -p <port> <args…>` and returns its output. */
export async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 10_000 });
  return stdout;
}

async function isHealthy(node: RedisServer): Promise<boolean> {
  try {
    const info = await redisCli(node.port, 'CLUSTER', 'INFO');
    if (!info.includes('cluster_state:ok')) {
      return false;
    }
    const replication = await redisCli(node.port, 'INFO', 'replication');
    return !replication.includes('role:slave') || replication.includes('master_link_status:up');
  } catch {
    return false; // a killed node: not part of the health check
  }
}

/**
 * Starts `masters × (1 + replicasPerMaster)` private `redis-server` processes with cluster mode on, on
 * free loopback ports (never 6379), joins them with `redis-cli --cluster create`, and waits until the
 * cluster is healthy. Call `stop()` in `afterAll`.
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const extraArgs = ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(options.nodeTimeoutMs ?? 1_000)];
  const nodes: RedisServer[] = [];
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) {
      nodes.push(await startRedisServer({ appendOnly: options.appendOnly, extraArgs }));
    }
    const addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicas), '--cluster-yes'], { timeout: 30_000 });
  } catch (error) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw error;
  }
  let stopped = false;
  const cluster: RedisCluster = {
    nodes,
    seeds: nodes.map((n) => `127.0.0.1:${n.port}`).join(','),
    async roles() {
      for (const node of nodes) {
        let text: string;
        try {
          text = await redisCli(node.port, 'CLUSTER', 'NODES');
        } catch {
          continue;
        }
        const byId = new Map<string, number>();
        const rows = text.trim().split('\n').map((line) => line.split(' '));
        for (const [id, address] of rows) {
          byId.set(id, Number(address.split('@')[0].split(':')[1]));
        }
        const roles = new Map<number, { role: 'master' | 'replica'; masterPort?: number; slots: number }>();
        for (const [id, , flags, masterId, , , , link, ...slots] of rows) {
          if (flags.includes('fail') || link !== 'connected') {
            continue;
          }
          const slotCount = slots.reduce((sum, range) => {
            const [from, to = from] = range.split('-').map(Number);
            return range.startsWith('[') ? sum : sum + (to - from + 1);
          }, 0);
          const port = byId.get(id) ?? 0;
          roles.set(port, flags.includes('master') ? { role: 'master', slots: slotCount } : { role: 'replica', masterPort: byId.get(masterId), slots: 0 });
        }
        return roles;
      }
      throw new Error('no cluster node answers CLUSTER NODES');
    },
    async waitHealthy(timeoutMs = options.startTimeoutMs ?? 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const health = await Promise.all(nodes.map((n) => isHealthy(n)));
        const alive = await Promise.all(nodes.map((n) => redisCli(n.port, 'PING').then(() => true, () => false)));
        if (health.every((ok, i) => ok || !alive[i]) && alive.some(Boolean)) {
          return;
        }
        if (Date.now() > deadline) {
          throw new Error(`Redis Cluster (${cluster.seeds}) not healthy after ${timeoutMs} ms`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
  try {
    await cluster.waitHealthy();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
