import type { Cluster, Redis } from 'ioredis';
import { RedisIoError } from './redis-io.error';
import { parseRedisUrl, redactRedisUrl } from './redis-url';

/** What the apps' Redis commands run on: a single node or a Redis Cluster (same command surface). */
export type RedisClient = Redis | Cluster;

/** One seed node of a cluster. */
export interface ClusterNode {
  host: string;
  port: number;
}

/** Where the pipeline's Redis is: one node (`REDIS_URL`) or a cluster named by seed nodes (`REDIS_CLUSTER_NODES`). */
export type RedisTarget =
  | { readonly mode: 'single'; readonly url: string }
  | {
      readonly mode: 'cluster';
      readonly nodes: readonly ClusterNode[];
      readonly username?: string;
      readonly password?: string;
      readonly tls: boolean;
    };

/**
 * Parses `REDIS_CLUSTER_NODES`: comma-separated seeds, each `host:port`, `[v6]:port` or a
 * `redis://` / `rediss://` URL. Credentials and TLS are read from the URL entries (they must agree);
 * a cluster has no databases, so a `/db` other than 0 is refused.
 *
 * @throws RedisIoError `INVALID_URL` naming the bad entry (password redacted).
 */
export function parseClusterNodes(text: string): Omit<Extract<RedisTarget, { mode: 'cluster' }>, 'mode'> {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    throw new RedisIoError('INVALID_URL', 'REDIS_CLUSTER_NODES is empty: give host:port,host:port,…');
  }
  const nodes: ClusterNode[] = [];
  let auth: { username?: string; password?: string; tls: boolean } | undefined;
  for (const entry of entries) {
    const isUrl = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(entry);
    const settings = parseRedisUrl(isUrl ? entry : `redis://${entry}`);
    if (settings.db !== 0) {
      throw new RedisIoError('INVALID_URL', `cluster node "${redactRedisUrl(entry)}": a Redis Cluster has only database 0`);
    }
    nodes.push({ host: settings.host, port: settings.port });
    if (!isUrl) {
      continue;
    }
    const here = { username: settings.username, password: settings.password, tls: settings.tls };
    if (auth === undefined) {
      auth = here;
    } else if (auth.username !== here.username || auth.password !== here.password || auth.tls !== here.tls) {
      throw new RedisIoError('INVALID_URL', `cluster node "${redactRedisUrl(entry)}": every URL entry must carry the same user, password and scheme`);
    }
  }
  const target: Omit<Extract<RedisTarget, { mode: 'cluster' }>, 'mode'> = { nodes, tls: auth?.tls ?? false };
  return {
    ...target,
    ...(auth?.username === undefined ? {} : { username: auth.username }),
    ...(auth?.password === undefined ? {} : { password: auth.password }),
  };
}

/** Default single-node URL when neither variable is set. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Chooses the target from the two variables as the user set them (empty = unset): `REDIS_URL` alone
 * (or neither: the default `redis://127.0.0.1:6379`) → one node; `REDIS_CLUSTER_NODES` alone → a cluster.
 *
 * @throws RedisIoError `INVALID_OPTION` when both are set (ambiguous), `INVALID_URL` for a bad value.
 */
export function resolveRedisTarget(redisUrl: string | undefined, clusterNodes: string | undefined): RedisTarget {
  const url = redisUrl === undefined || redisUrl.trim() === '' ? undefined : redisUrl;
  const nodes = clusterNodes === undefined || clusterNodes.trim() === '' ? undefined : clusterNodes;
  if (url !== undefined && nodes !== undefined) {
    throw new RedisIoError(
      'INVALID_OPTION',
      `both REDIS_URL ("${redactRedisUrl(url)}") and REDIS_CLUSTER_NODES are set: set REDIS_URL for one Redis node, or REDIS_CLUSTER_NODES for a Redis Cluster, not both`,
    );
  }
  if (nodes !== undefined) {
    return { mode: 'cluster', ...parseClusterNodes(nodes) };
  }
  const single = url ?? DEFAULT_REDIS_URL;
  parseRedisUrl(single);
  return { mode: 'single', url: single };
}

/** The target for logs: the URL with its password redacted, or `cluster(host:port,…)`. */
export function describeRedisTarget(target: RedisTarget): string {
  if (target.mode === 'single') {
    return redactRedisUrl(target.url);
  }
  return `${target.tls ? 'rediss' : 'redis'} cluster (${target.nodes.map((n) => `${n.host.includes(':') ? `[${n.host}]` : n.host}:${n.port}`).join(',')})`;
}

/** The Redis topology settings every app reads (raw environment values; empty = unset). */
export interface RedisTopologyEnv {
  REDIS_URL?: string;
  REDIS_CLUSTER_NODES?: string;
  ORDER_SHARDS?: number;
  KEY_PREFIX?: string;
}

/**
 * Start-up check of the topology variables, for an app's config validation: one message per problem,
 * each naming its variable (`REDIS_URL` and `REDIS_CLUSTER_NODES` both set, a bad seed list,
 * `ORDER_SHARDS` > 1 on one node, a `KEY_PREFIX` with a hash tag on a cluster). Empty when valid.
 */
export function redisTopologyProblems(env: RedisTopologyEnv): string[] {
  let target: RedisTarget;
  try {
    target = resolveRedisTarget(env.REDIS_URL, env.REDIS_CLUSTER_NODES);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [message.startsWith('both') ? `REDIS_URL, REDIS_CLUSTER_NODES: ${message}` : `REDIS_CLUSTER_NODES: ${message}`];
  }
  const shards = env.ORDER_SHARDS ?? 1;
  const cluster = target.mode === 'cluster';
  if (!cluster && shards !== 1) {
    return [`ORDER_SHARDS: ${shards} shards need a Redis Cluster (REDIS_CLUSTER_NODES); one Redis node takes 1`];
  }
  if (cluster && (env.KEY_PREFIX ?? '').includes('{')) {
    return [`KEY_PREFIX: "${env.KEY_PREFIX ?? ''}" holds a hash tag, which on a Redis Cluster would put every key in one slot; order shards bring their own tags`];
  }
  return [];
}

/**
 * The target of an app's validated config: `redisClusterNodes` (validated `REDIS_CLUSTER_NODES`)
 * when set, else the single node at `redisUrl`.
 */
export function redisTargetOf(config: { redisUrl: string; redisClusterNodes?: string }): RedisTarget {
  if (config.redisClusterNodes !== undefined && config.redisClusterNodes.trim() !== '') {
    return { mode: 'cluster', ...parseClusterNodes(config.redisClusterNodes) };
  }
  return { mode: 'single', url: config.redisUrl };
}
