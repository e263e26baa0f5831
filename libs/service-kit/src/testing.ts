// Test helpers for the apps built on this library: config-spec tables for its env shapes, and a readiness check of
// its `/health/ready` report. Served as `@coffee/service-kit/testing`, never part of the main bundle; they use jest
// globals, so call them from spec files.
/// <reference types="jest" />
import { expectEventually } from '@coffee/testing';
import { ConfigError } from './lib/config-error';
import type { Env } from './lib/load-config';

/** What the Redis Cluster settings of `redisClusterEnvShape` become in an app's config. */
export interface RedisClusterConfig {
  readonly redisClusterNodes?: string;
  readonly orderShards?: number;
}

/** What `replicaWaitEnvShape` becomes in an app's config (0 = off reads as unset). */
export interface ReplicaWaitConfig {
  readonly replicaWaitMs?: number;
}

/** Escapes `text` for a RegExp that matches it literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Expects `attempt` to throw a {@link ConfigError} whose message names the variable `name` and quotes the bad
 * `value` (as `NAME: … "value"`).
 */
export function expectConfigErrorNaming(attempt: () => unknown, name: string, value: string): void {
  expect(attempt).toThrow(ConfigError);
  expect(attempt).toThrow(new RegExp(`${name}: .*${literal(JSON.stringify(value))}`));
}

/**
 * Defines `describe('<title>: Redis Cluster settings')`: one node at REDIS_URL with one shard by default,
 * REDIS_CLUSTER_NODES and ORDER_SHARDS read, and the five refusals (both REDIS_URL and nodes, a bad node port,
 * shards without a cluster, more than 1024 shards, a hash tag in KEY_PREFIX) each a {@link ConfigError}.
 */
export function describeRedisClusterSettings(title: string, load: (env: Env) => RedisClusterConfig): void {
  describe(`${title}: Redis Cluster settings`, () => {
    it('keeps one node at REDIS_URL with one shard by default', () => {
      const config = load({});
      expect(config.redisClusterNodes).toBeUndefined();
      expect(config.orderShards ?? 1).toBe(1);
    });

    it('takes REDIS_CLUSTER_NODES and ORDER_SHARDS', () => {
      const config = load({ REDIS_CLUSTER_NODES: '127.0.0.1:7000,127.0.0.1:7001', ORDER_SHARDS: '6' });
      expect(config.redisClusterNodes).toBe('127.0.0.1:7000,127.0.0.1:7001');
      expect(config.orderShards).toBe(6);
    });

    it.each([
      [{ REDIS_URL: 'redis://127.0.0.1:7000', REDIS_CLUSTER_NODES: '127.0.0.1:7000' }, /REDIS_URL, REDIS_CLUSTER_NODES: both/],
      [{ REDIS_CLUSTER_NODES: '127.0.0.1:notaport' }, /REDIS_CLUSTER_NODES: .*port "notaport"/],
      [{ ORDER_SHARDS: '3' }, /ORDER_SHARDS: 3 shards need a Redis Cluster/],
      [{ ORDER_SHARDS: '1025', REDIS_CLUSTER_NODES: 'a:1' }, /ORDER_SHARDS: must be 1..1024/],
      [{ REDIS_CLUSTER_NODES: 'a:1', KEY_PREFIX: '{x}' }, /KEY_PREFIX: .*hash tag/],
    ])('refuses %p', (env, message) => {
      const attempt = (): RedisClusterConfig => load(env);
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(message);
    });
  });
}

/** Defines `describe('<title>: REPLICA_WAIT_MS')`: off by default, a wait in ms read, more than 60 000 ms refused. */
export function describeReplicaWaitSetting(title: string, load: (env: Env) => ReplicaWaitConfig): void {
  describe(`${title}: REPLICA_WAIT_MS`, () => {
    it('is off by default and takes a wait in ms', () => {
      expect(load({}).replicaWaitMs).toBeUndefined();
      expect(load({ REPLICA_WAIT_MS: '250' }).replicaWaitMs).toBe(250);
    });

    it('refuses more than 60000 ms', () => {
      expect(() => load({ REPLICA_WAIT_MS: '60001' })).toThrow(/REPLICA_WAIT_MS: must be 0..60000/);
    });
  });
}

/**
 * Polls `GET <baseUrl>/health/ready` (for up to `timeoutMs`) until it answers 503 with Redis up and a reason that
 * matches every one of `reasons` (a string: contained in it; a RegExp: matching it), as `readyReport` words it.
 */
export async function expectNotReadyBecause(baseUrl: string, reasons: readonly (string | RegExp)[], timeoutMs: number): Promise<void> {
  await expectEventually(
    async () => {
      const ready = await fetch(`${baseUrl}/health/ready`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { redis: string; reason: string };
      expect(body.redis).toBe('up');
      for (const reason of reasons) {
        expect(body.reason).toMatch(reason);
      }
    },
    { timeoutMs },
  );
}
