import { Cluster, Redis } from 'ioredis';
import { RedisIoError } from './redis-io.error';
import { describeRedisTarget, type RedisClient, type RedisTarget } from './redis-target';
import { parseRedisUrl } from './redis-url';

/** Options for {@link createRedis}. */
export interface CreateRedisOptions {
  /** Client name shown by `CLIENT LIST` (e.g. `collector`, `processor:source`); no spaces. */
  name?: string;
  /** Do not connect until the first command or `connect()` / {@link waitUntilReady}. Default false. */
  lazyConnect?: boolean;
  /**
   * How many reconnect attempts a queued command survives before it fails (ioredis semantics).
   * `null`: commands wait for the connection forever (use for blocking readers). Default 20.
   */
  maxRetriesPerRequest?: number | null;
  /** Cap of the reconnect backoff, ms. Default 2 000. */
  maxRetryDelayMs?: number;
}

const lastErrors = new WeakMap<RedisClient, Error>();
const descriptions = new WeakMap<Cluster, string>();

/** `redis cluster (host:port,…)` of a cluster connection made by {@link createRedisClient}. */
export function clusterDescription(cluster: Cluster): string {
  return descriptions.get(cluster) ?? 'redis cluster';
}

/** The last connection error seen on a connection made by {@link createRedis} (for diagnostics). */
export function lastConnectionError(redis: RedisClient): Error | undefined {
  return lastErrors.get(redis);
}

/** Reconnect delay for the n-th attempt (1-based): 50 ms doubling, capped, with a little jitter. */
export function reconnectDelay(attempt: number, capMs: number): number {
  const base = Math.min(capMs, 50 * 2 ** Math.min(Math.max(attempt - 1, 0), 16));
  return Math.round(base * (0.8 + Math.random() * 0.2));
}

/**
 * Opens an ioredis connection from a `redis://` / `rediss://` URL (see `parseRedisUrl`): TLS for
 * `rediss://`, ACL user and password, database from the path. Reconnects for ever with capped
 * exponential backoff; commands issued while disconnected are queued and sent on reconnect
 * (commands already sent are resent, so every write this library makes is safe to repeat).
 *
 * Connection errors are recorded (see {@link waitUntilReady}) instead of printed: a library never
 * logs. Apps surface them by listening themselves: `redis.on('error', …)`, `redis.on('ready', …)`.
 *
 * Give each blocking reader ({@link OrderStreamSource}, {@link LegacyListSource}) its own connection.
 *
 * @throws RedisIoError `INVALID_URL` (password redacted), `INVALID_OPTION` for a bad name.
 */
export function createRedis(url: string, options: CreateRedisOptions = {}): Redis {
  const settings = parseRedisUrl(url);
  if (options.name !== undefined && !/^[\x21-\x7e]+$/.test(options.name)) {
    throw new RedisIoError('INVALID_OPTION', `connection name "${options.name}" must be printable ASCII without spaces`);
  }
  const capMs = options.maxRetryDelayMs ?? 2_000;
  const redis = new Redis({
    host: settings.host,
    port: settings.port,
    username: settings.username,
    password: settings.password,
    db: settings.db,
    tls: settings.tls ? {} : undefined,
    connectionName: options.name,
    lazyConnect: options.lazyConnect ?? false,
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? 20 : options.maxRetriesPerRequest,
    retryStrategy: (attempt) => reconnectDelay(attempt, capMs),
  });
  redis.on('error', (error: Error) => {
    lastErrors.set(redis, error);
  });
  redis.on('ready', () => {
    lastErrors.delete(redis);
  });
  return redis;
}

/**
 * Opens the connection the target names: for `single` exactly {@link createRedis} (same client,
 * same options, no extra round trip); for `cluster` an ioredis `Cluster` seeded with the nodes,
 * the same auth and TLS on every node, following MOVED/ASK (slot table refreshed on MOVED),
 * queueing commands through a failover (`CLUSTERDOWN`/`TRYAGAIN` retried after a short delay),
 * reconnecting for ever with the same capped backoff, reading from masters only.
 *
 * @throws RedisIoError `INVALID_URL`, `INVALID_OPTION` as {@link createRedis}.
 */
export function createRedisClient(target: RedisTarget, options: CreateRedisOptions = {}): RedisClient {
  if (target.mode === 'single') {
    return createRedis(target.url, options);
  }
  if (options.name !== undefined && !/^[\x21-\x7e]+$/.test(options.name)) {
    throw new RedisIoError('INVALID_OPTION', `connection name "${options.name}" must be printable ASCII without spaces`);
  }
  const capMs = options.maxRetryDelayMs ?? 2_000;
  const cluster = new Cluster(
    target.nodes.map((node) => ({ host: node.host, port: node.port })),
    {
      lazyConnect: options.lazyConnect ?? false,
      scaleReads: 'master',
      maxRedirections: 16,
      retryDelayOnFailover: 100,
      retryDelayOnClusterDown: 100,
      retryDelayOnTryAgain: 100,
      clusterRetryStrategy: (attempt) => reconnectDelay(attempt, capMs),
      // Seeds are addresses already: no DNS round trip per (re)connect.
      dnsLookup: (address, callback) => callback(null, address),
      redisOptions: {
        username: target.username,
        password: target.password,
        tls: target.tls ? {} : undefined,
        connectionName: options.name,
        maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? 20 : options.maxRetriesPerRequest,
      },
    },
  );
  descriptions.set(cluster, describeRedisTarget(target));
  cluster.on('error', (error: Error) => {
    lastErrors.set(cluster, error);
  });
  cluster.on('ready', () => {
    lastErrors.delete(cluster);
  });
  return cluster;
}
