import { hostname } from 'node:os';
import { DEFAULT_MAX_CATEGORY_LENGTH, defaultRollups, rollupResolution } from '@coffee/aggregation';
import { DEFAULT_MAX_FUTURE_SKEW_MS } from '@coffee/order-schema';
import { DEFAULT_MAX_CATEGORIES_PER_WINDOW } from '@coffee/stats-store';
import { z } from 'zod';
import {
  commonEnvShape,
  listSchema,
  loadConfig,
  nonNegativeIntSchema,
  portSchema,
  positiveIntSchema,
  retryEnvShape,
  redisClusterEnvShape,
  replicaWaitEnvShape,
  ConfigError,
  type Env,
} from '@coffee/service-kit';
import { redisTopologyProblems } from '@coffee/redis-io';
import { alertsConfigFrom, alertsEnvShape, type AlertsConfig } from './alerts.config';

const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Validated processor configuration (see apps/processor/README.md for the variables). */
export interface ProcessorConfig {
  readonly port: number;
  readonly redisUrl: string;
  /** `REDIS_CLUSTER_NODES`: the Redis Cluster's seeds (then `redisUrl` is unused); undefined for one node. */
  readonly redisClusterNodes?: string;
  /** `ORDER_SHARDS`: order-stream shards (1 on one node). Undefined means 1. */
  readonly orderShards?: number;
  /** `REPLICA_WAIT_MS`: confirm each apply + ack with `WAIT 1 <ms>`; undefined or 0 = off. */
  readonly replicaWaitMs?: number;
  readonly keyPrefix: string;
  readonly timeZone: string;
  readonly logLevel: string;
  readonly windowSizeMs: number;
  /** Base resolution (`<WINDOW_SIZE_SECONDS>s`) first, then rollups. */
  readonly resolutions: readonly string[];
  /** Retention seconds per resolution; resolutions not listed use the stats store's defaults. */
  readonly retentionSeconds: Readonly<Record<string, number>>;
  readonly allowedLatenessMs: number;
  readonly batchEntries: number;
  readonly readBlockMs: number;
  readonly publishIntervalMs: number;
  readonly idleCloseMs: number;
  readonly claimIdleMs: number;
  readonly consumerName: string;
  /** Listen address of the health/metrics port (PROCESSOR_HOST; default 127.0.0.1). */
  readonly host?: string;
  /** Next ports tried (then an ephemeral one) when the health port is taken: 10 when PROCESSOR_PORT is unset, else 0. */
  readonly portFallback?: number;
  /** First and highest backoff ceilings of the retry loops, ms (RETRY_BASE_MS 100, RETRY_MAX_MS 5 000). */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** How long applies or reads may fail before `/health/ready` answers 503, ms (READY_FAILING_MS; 5 000). */
  readonly readyFailingMs?: number;
  /** Consumers idle this long with nothing pending are removed from the group, ms; 0 keeps them (CONSUMER_IDLE_MS; 600 000). */
  readonly consumerIdleMs?: number;
  /** How far after the processing clock an order time may lie before the order is dead-lettered (`TIMESTAMP_OUT_OF_RANGE`), ms. */
  readonly maxFutureSkewMs: number;
  /** Longest category value counted under its own name; longer ones count under `__other__`. */
  readonly maxCategoryLength: number;
  /** Distinct category values per window hash before new ones count under `__other__` (vocabulary exempt). */
  readonly maxCategoriesPerWindow: number;
  /** The alert stage: rules, stream bounds, optional webhook (the `ALERT*` variables). */
  readonly alerts: AlertsConfig;
}

const schema = z
  .object({
    ...commonEnvShape,
    ...redisClusterEnvShape,
    ...replicaWaitEnvShape,
    PROCESSOR_PORT: portSchema(3002),
    PROCESSOR_HOST: z.string().regex(/^[A-Za-z0-9.:_-]{1,253}$/, 'must be an IP address or a host name').default('127.0.0.1'),
    ...retryEnvShape,
    CONSUMER_IDLE_MS: nonNegativeIntSchema(600_000),
    RESOLUTIONS: listSchema([]),
    RETENTION: listSchema([]),
    ALLOWED_LATENESS_MS: nonNegativeIntSchema(5000),
    BATCH_ENTRIES: positiveIntSchema(6, 10_000),
    READ_BLOCK_MS: positiveIntSchema(1000, 60_000),
    PUBLISH_INTERVAL_MS: positiveIntSchema(250, 3_600_000),
    IDLE_CLOSE_MS: z.coerce.number().int('must be an integer').positive('must be > 0').optional(),
    CLAIM_IDLE_MS: positiveIntSchema(30_000),
    MAX_FUTURE_SKEW_SECONDS: nonNegativeIntSchema(DEFAULT_MAX_FUTURE_SKEW_MS / 1000),
    MAX_CATEGORY_LENGTH: positiveIntSchema(DEFAULT_MAX_CATEGORY_LENGTH, 1024),
    MAX_CATEGORIES_PER_WINDOW: positiveIntSchema(DEFAULT_MAX_CATEGORIES_PER_WINDOW, 100_000),
    CONSUMER_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_.:@-]{1,128}$/, 'must be 1..128 letters, digits or _ . : @ -')
      .default(`${hostname()}-${process.pid}`),
    ...alertsEnvShape,
  })
  .superRefine((env, ctx) => {
    const base = `${env.WINDOW_SIZE_SECONDS}s`;
    const resolutions = env.RESOLUTIONS.length > 0 ? env.RESOLUTIONS : defaultResolutions(env.WINDOW_SIZE_SECONDS);
    const problem = resolutionsProblem(resolutions, base, env.WINDOW_SIZE_SECONDS);
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['RESOLUTIONS'], message: problem });
    }
    // A running consumer's idle time restarts at every blocking read: the threshold must stay well above it.
    if (env.CONSUMER_IDLE_MS > 0 && env.CONSUMER_IDLE_MS < Math.max(1_000, 2 * env.READ_BLOCK_MS)) {
      ctx.addIssue({ code: 'custom', path: ['CONSUMER_IDLE_MS'], message: 'must be 0 (off) or at least 1000 and twice READ_BLOCK_MS' });
    }
    for (const item of env.RETENTION) {
      const retentionProblem = retentionItemProblem(item, resolutions);
      if (retentionProblem !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['RETENTION'], message: retentionProblem });
      }
    }
  });

function defaultResolutions(windowSizeSeconds: number): string[] {
  return [`${windowSizeSeconds}s`, ...defaultRollups(windowSizeSeconds * 1000)];
}

function resolutionsProblem(resolutions: readonly string[], base: string, windowSizeSeconds: number): string | undefined {
  if (resolutions[0] !== base) {
    return `must start with the base resolution ${base} (WINDOW_SIZE_SECONDS)`;
  }
  const rest = resolutions.slice(1);
  for (const id of rest) {
    const rollup = rollupResolution(id);
    if (rollup === undefined) {
      return `rollup '${id}' unknown: use 1m, 1h or 1d`;
    }
    if (rollup.durationMs <= windowSizeSeconds * 1000) {
      return `rollup '${id}' must be coarser than the base window ${base}`;
    }
  }
  if (new Set(resolutions).size !== resolutions.length) {
    return 'lists a resolution twice';
  }
  return undefined;
}

function parseRetentionItem(item: string): { resolution: string; seconds: number } | undefined {
  const match = /^([0-9]+[smhd])=([0-9]+)([smhd])$/.exec(item);
  if (match === null) {
    return undefined;
  }
  const [, resolution = '', amount = '', unit = ''] = match;
  return { resolution, seconds: Number(amount) * (DURATION_UNITS[unit] ?? 0) };
}

function retentionItemProblem(item: string, resolutions: readonly string[]): string | undefined {
  const parsed = parseRetentionItem(item);
  if (parsed === undefined) {
    return `'${item}' is not <resolution>=<duration>, e.g. 30s=2d,1h=90d`;
  }
  if (!resolutions.includes(parsed.resolution)) {
    return `'${item}': resolution ${parsed.resolution} is not in RESOLUTIONS`;
  }
  if (parsed.seconds < 1 || !Number.isSafeInteger(parsed.seconds)) {
    return `'${item}': duration must be positive`;
  }
  return undefined;
}

/**
 * Validates the processor's environment, alert settings included (the only place that reads it, once
 * at start-up; `ALERT_RULES_FILE` is read here too). Throws `ConfigError` naming every bad variable
 * and its value.
 */
export function loadProcessorConfig(env: Env = process.env): ProcessorConfig {
  const parsed = loadConfig('processor', schema, env);
  const topology = redisTopologyProblems({ REDIS_URL: env['REDIS_URL'], REDIS_CLUSTER_NODES: parsed.REDIS_CLUSTER_NODES, ORDER_SHARDS: parsed.ORDER_SHARDS, KEY_PREFIX: parsed.KEY_PREFIX });
  const alerts = alertsConfigFrom(parsed);
  if (topology.length > 0 || alerts.config === undefined) {
    throw new ConfigError('processor', [...topology, ...alerts.problems]);
  }
  const windowSizeMs = parsed.WINDOW_SIZE_SECONDS * 1000;
  const resolutions = parsed.RESOLUTIONS.length > 0 ? parsed.RESOLUTIONS : defaultResolutions(parsed.WINDOW_SIZE_SECONDS);
  const retentionSeconds: Record<string, number> = {};
  for (const item of parsed.RETENTION) {
    const retention = parseRetentionItem(item);
    if (retention !== undefined) {
      retentionSeconds[retention.resolution] = retention.seconds;
    }
  }
  return {
    port: parsed.PROCESSOR_PORT,
    redisUrl: parsed.REDIS_URL,
    ...(parsed.REDIS_CLUSTER_NODES === undefined ? {} : { redisClusterNodes: parsed.REDIS_CLUSTER_NODES, orderShards: parsed.ORDER_SHARDS }),
    ...(parsed.REPLICA_WAIT_MS === 0 ? {} : { replicaWaitMs: parsed.REPLICA_WAIT_MS }),
    keyPrefix: parsed.KEY_PREFIX,
    timeZone: parsed.TIME_ZONE,
    logLevel: parsed.LOG_LEVEL,
    windowSizeMs,
    resolutions,
    retentionSeconds,
    allowedLatenessMs: parsed.ALLOWED_LATENESS_MS,
    batchEntries: parsed.BATCH_ENTRIES,
    readBlockMs: parsed.READ_BLOCK_MS,
    publishIntervalMs: parsed.PUBLISH_INTERVAL_MS,
    // Default: one window plus the lateness, i.e. when a real-time watermark would have passed the
    // end of the window the last order fell into anyway.
    idleCloseMs: parsed.IDLE_CLOSE_MS ?? windowSizeMs + parsed.ALLOWED_LATENESS_MS,
    claimIdleMs: parsed.CLAIM_IDLE_MS,
    consumerName: parsed.CONSUMER_NAME,
    host: parsed.PROCESSOR_HOST,
    portFallback: env['PROCESSOR_PORT'] === undefined || env['PROCESSOR_PORT'] === '' ? 10 : 0,
    retryBaseMs: parsed.RETRY_BASE_MS,
    retryMaxMs: parsed.RETRY_MAX_MS,
    readyFailingMs: parsed.READY_FAILING_MS,
    consumerIdleMs: parsed.CONSUMER_IDLE_MS,
    maxFutureSkewMs: parsed.MAX_FUTURE_SKEW_SECONDS * 1000,
    maxCategoryLength: parsed.MAX_CATEGORY_LENGTH,
    maxCategoriesPerWindow: parsed.MAX_CATEGORIES_PER_WINDOW,
    alerts: alerts.config,
  };
}
