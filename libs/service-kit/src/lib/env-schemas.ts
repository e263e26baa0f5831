import { z } from 'zod';

/** A TCP port number from a string. */
export const portSchema = (fallback: number) =>
  z.coerce.number().int('must be an integer').min(1, 'must be 1..65535').max(65535, 'must be 1..65535').default(fallback);

/** A positive integer from a string. */
export const positiveIntSchema = (fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int('must be an integer').positive('must be > 0').max(max, `must be <= ${max}`).default(fallback);

/** A non-negative integer from a string. */
export const nonNegativeIntSchema = (fallback: number) =>
  z.coerce.number().int('must be an integer').min(0, 'must be >= 0').default(fallback);

/** `redis://` or `rediss://` URL. */
export const redisUrlSchema = z
  .string()
  .refine((value) => /^rediss?:\/\/[^\s]+$/.test(value) && URL.canParse(value), 'must be a redis:// or rediss:// URL')
  .default('redis://127.0.0.1:6379');

/** A valid IANA time zone. */
export const timeZoneSchema = z
  .string()
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Seoul')
  .default('Asia/Seoul');

/** `on`/`off`, `true`/`false`, `1`/`0`. */
export const flagSchema = (fallback: boolean) =>
  z
    .enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'], { message: 'must be on or off' })
    .transform((v) => v === 'on' || v === 'true' || v === '1' || v === 'yes')
    .default(fallback);

/** Comma-separated list of non-empty strings. */
export const listSchema = (fallback: readonly string[]) =>
  z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s.length > 0))
    .default([...fallback]);

/** Variables every service shares (see docs/TEAM-CONVENTIONS.md). */
export const commonEnvShape = {
  REDIS_URL: redisUrlSchema,
  KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_.:{}-]*$/, 'may hold letters, digits and _ . : { } - only').default(''),
  TIME_ZONE: timeZoneSchema,
  WINDOW_SIZE_SECONDS: z.coerce
    .number()
    .int('must be an integer')
    .refine((s) => (s > 0 && 60 % s === 0) || (s % 60 === 0 && 3600 % s === 0), 'must divide 60, or be whole minutes dividing an hour')
    .default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/**
 * Retry and readiness variables of the services with retry loops (collector, processor):
 * `RETRY_BASE_MS` first backoff ceiling (100), `RETRY_MAX_MS` highest backoff ceiling (5 000),
 * `READY_FAILING_MS` how long a loop may fail before `/health/ready` answers 503 (5 000).
 */
export const retryEnvShape = {
  RETRY_BASE_MS: z.coerce.number().int('must be an integer').min(1, 'must be 1..60000').max(60_000, 'must be 1..60000').default(100),
  RETRY_MAX_MS: z.coerce.number().int('must be an integer').min(10, 'must be 10..600000').max(600_000, 'must be 10..600000').default(5_000),
  READY_FAILING_MS: z.coerce.number().int('must be an integer').min(0, 'must be 0..3600000').max(3_600_000, 'must be 0..3600000').default(5_000),
};

/**
 * Redis Cluster variables of the apps that use Redis (checked together with `REDIS_URL` by
 * `redisTopologyProblems` of `@coffee/redis-io`): `REDIS_CLUSTER_NODES` seed list (unset: one node
 * at `REDIS_URL`), `ORDER_SHARDS` order-stream shards (1; more only on a cluster).
 */
export const redisClusterEnvShape = {
  REDIS_CLUSTER_NODES: z.string().optional(),
  ORDER_SHARDS: z.coerce.number().int('must be an integer').min(1, 'must be 1..1024').max(1_024, 'must be 1..1024').default(1),
};

/**
 * `REPLICA_WAIT_MS` of the services that commit (collector, processor): 0 (default) = off; else each
 * commit is confirmed with `WAIT 1 <ms>` before it counts as done (docs/CLUSTER.md, loss bound).
 */
export const replicaWaitEnvShape = {
  REPLICA_WAIT_MS: z.coerce.number().int('must be an integer').min(0, 'must be 0..60000').max(60_000, 'must be 0..60000').default(0),
};
