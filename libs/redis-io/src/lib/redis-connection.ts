import { createRedisClient, type CreateRedisOptions } from './create-redis';
import { probeRedis, type RedisProbe } from './redis-probe';
import { describeRedisTarget, type RedisClient, type RedisTarget } from './redis-target';
import { waitUntilReady } from './wait-until-ready';
import { withDeadline } from './with-deadline';

/** How long {@link RedisConnection.close} waits for `QUIT` before dropping the socket, ms. */
export const QUIT_TIMEOUT_MS = 1_000;
/** Default deadline of {@link RedisConnection.probe}, ms. */
export const PROBE_TIMEOUT_MS = 1_000;

/** A change of a {@link RedisConnection}'s reachability: reported once per transition, never per retry. */
export type RedisConnectionChange =
  /** The connection failed (first error after being up, or before the first `ready`). */
  | { readonly state: 'down'; readonly error: Error }
  /** Ready: `first` on the first `ready`; otherwise `downForMs` says how long it was away. */
  | { readonly state: 'up'; readonly first: boolean; readonly downForMs?: number };

/** Options of a {@link RedisConnection}: those of `createRedisClient`, plus where to report changes. */
export interface RedisConnectionOptions extends CreateRedisOptions {
  /** Called on each change (apps log it; the library never logs). Not called once {@link RedisConnection.close} began. */
  onChange?: (change: RedisConnectionChange, where: string) => void;
}

/**
 * One Redis connection (one node or a cluster, see `createRedisClient`) with the workspace's one
 * set of rules for it: reachability changes reported once per transition, readiness by
 * {@link probe} with a deadline (one round trip, like a PING), a bounded wait for a connection
 * being (re)established, and {@link close}: `QUIT` within {@link QUIT_TIMEOUT_MS} when connected,
 * the socket dropped otherwise (QUIT on a down connection would wait for it for ever).
 *
 * @example
 * const connection = new RedisConnection(redisTargetOf(config), { name: 'collector', onChange: (change, where) => log(describeConnectionChange(change, where)) });
 * await connection.client.xadd(...);
 * await connection.close();
 */
export class RedisConnection {
  readonly client: RedisClient;
  /** `redis://host:port[/db]` or `redis cluster (host:port,…)`; never a password. */
  readonly where: string;
  private downSince: number | undefined;
  private everReady = false;
  private closing = false;

  constructor(target: RedisTarget, options: RedisConnectionOptions = {}) {
    const { onChange, ...create } = options;
    this.client = createRedisClient(target, create);
    this.where = describeRedisTarget(target);
    this.client.on('error', (error: Error) => {
      if (this.downSince === undefined && !this.closing) {
        this.downSince = Date.now();
        onChange?.({ state: 'down', error }, this.where);
      }
    });
    this.client.on('ready', () => {
      const first = !this.everReady;
      this.everReady = true;
      const downForMs = this.downSince === undefined || first ? undefined : Date.now() - this.downSince;
      this.downSince = undefined;
      if (!this.closing) {
        onChange?.(downForMs === undefined ? { state: 'up', first } : { state: 'up', first, downForMs }, this.where);
      }
    });
  }

  /** True while the connection is up and ready for commands. */
  get ready(): boolean {
    return this.client.status === 'ready';
  }

  /** True once the connection is ready, waiting up to `timeoutMs` for one being (re)established. */
  async whenReady(timeoutMs: number): Promise<boolean> {
    if (this.ready) {
      return true;
    }
    try {
      await waitUntilReady(this.client, timeoutMs);
      return true;
    } catch {
      return false;
    }
  }

  /** The readiness probe (`probeRedis`): ready, or why not, within `timeoutMs`. */
  probe(probeKeys: readonly string[], timeoutMs = PROBE_TIMEOUT_MS): Promise<RedisProbe> {
    return probeRedis(this.client, probeKeys, timeoutMs);
  }

  /** `QUIT` when connected (at most `timeoutMs`), then drops the socket; never rejects. */
  async close(timeoutMs = QUIT_TIMEOUT_MS): Promise<void> {
    this.closing = true;
    if (this.ready) {
      await withDeadline(
        this.client.quit().catch(() => undefined),
        timeoutMs,
        () => undefined,
      );
    }
    this.client.disconnect();
  }
}

/**
 * The log line of a {@link RedisConnectionChange} (`level` for the app's logger), the same in every
 * service; `role` names one of several connections (`subscriber`).
 */
export function describeConnectionChange(change: RedisConnectionChange, where: string, role?: string): { level: 'log' | 'warn'; message: string } {
  const redis = role === undefined ? `Redis at ${where}` : `Redis (${role}) at ${where}`;
  if (change.state === 'down') {
    return { level: 'warn', message: `${redis} unreachable (${change.error.message}); retrying` };
  }
  if (change.first) {
    return { level: 'log', message: `connected to ${redis}` };
  }
  return { level: 'log', message: `reconnected to ${redis}${change.downForMs === undefined ? '' : ` after ${change.downForMs} ms`}` };
}
