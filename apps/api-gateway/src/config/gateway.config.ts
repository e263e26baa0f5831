import { redisTopologyProblems } from '@coffee/redis-io';
import { commonEnvShape, ConfigError, listSchema, loadConfig, nonNegativeIntSchema, portSchema, positiveIntSchema, redisClusterEnvShape, type Env } from '@coffee/service-kit';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const ORIGIN = /^https?:\/\/[^\s/]+$/;

const gatewayEnvSchema = z.object({
  ...commonEnvShape,
  ...redisClusterEnvShape,
  GATEWAY_PORT: portSchema(3000),
  GATEWAY_HOST: z.string().min(1).default('0.0.0.0'),
  CORS_ORIGINS: listSchema(['http://127.0.0.1:4200', 'http://localhost:4200'])
    .transform((origins) => (origins.length === 1 && origins[0] === 'none' ? [] : origins))
    .refine(
      (origins) => origins.every((origin) => ORIGIN.test(origin)),
      'must be none or a comma-separated list of origins such as https://example.com:8443 (scheme://host[:port], no path)',
    ),
  MAX_WINDOWS: positiveIntSchema(10_000, 100_000),
  DASHBOARD_DIR: z.string().min(1).default('apps/dashboard/dist'),
  WS_MAX_BUFFERED: positiveIntSchema(256 * 1024, 64 * 1024 * 1024),
  WS_MAX_PENDING: positiveIntSchema(64, 10_000),
  WS_MAX_INFLIGHT: positiveIntSchema(4, 1_000),
  HISTORY_CACHE_MS: nonNegativeIntSchema(1_000).refine((ms) => ms <= 60_000, 'must be <= 60000'),
  MAX_HISTORY_CELLS: positiveIntSchema(30_000, 3_000_000),
  HISTORY_CONCURRENCY: positiveIntSchema(4, 1_000),
  HISTORY_QUEUE: nonNegativeIntSchema(16).refine((n) => n <= 10_000, 'must be <= 10000'),
  HISTORY_QUEUE_TIMEOUT_MS: positiveIntSchema(2_000, 60_000),
  HISTORY_PAGE_CELLS: positiveIntSchema(1_000, 100_000),
  HISTORY_REFUSAL_DELAY_MS: nonNegativeIntSchema(1_000).refine((ms) => ms <= 60_000, 'must be <= 60000'),
  HISTORY_REFUSALS_HELD: positiveIntSchema(10_000, 1_000_000),
  HISTORY_PAGES_AT_ONCE: positiveIntSchema(1, 1_000),
  HISTORY_WRITE_TIMEOUT_MS: positiveIntSchema(10_000, 600_000),
  HISTORY_CACHE_BYTES: positiveIntSchema(32 * 1024 * 1024, 1024 * 1024 * 1024),
  HISTORY_CACHE_ENTRY_BYTES: positiveIntSchema(1024 * 1024, 256 * 1024 * 1024),
});

/** Admission control, paging and cache bounds of history reads (REST and socket). */
export interface HistoryLimits {
  /** Most cells (windows × types) one history request may ask for. */
  maxCells: number;
  /** Most uncached history reads running at once (per gateway). */
  concurrency: number;
  /** Most uncached reads waiting for a slot; beyond it a request is refused at once. */
  queue: number;
  /** Longest wait for a slot before a request is refused, ms. */
  queueTimeoutMs: number;
  /** A request refused at once because the slots and queue are full is answered after this long (0: at once), ms. */
  refusalDelayMs: number;
  /** Most refusals held back by `refusalDelayMs` at once; beyond it they are answered at once. */
  refusalsHeld: number;
  /** Pages of streamed answers read from Redis and encoded at once, across all streamed answers. */
  pagesAtOnce: number;
  /** Cells read from Redis per pipelined page; answers of more cells are streamed page by page and never cached. */
  pageCells: number;
  /** A streamed answer whose client takes nothing for this long is aborted (frees its slot), ms. */
  writeTimeoutMs: number;
  /** Bytes of serialized answers the history cache keeps (each counted twice: text and gzip). */
  cacheBytes: number;
  /** Answers larger than this (counted as in `cacheBytes`) are never cached. */
  cacheEntryBytes: number;
}

/** The gateway's validated configuration. */
export interface GatewayConfig {
  redisUrl: string;
  /** `REDIS_CLUSTER_NODES`: the Redis Cluster's seeds (then `redisUrl` is unused); undefined for one node. */
  redisClusterNodes?: string;
  /** `ORDER_SHARDS`: order-stream shards (1 on one node). Undefined means 1. */
  orderShards?: number;
  keyPrefix: string;
  timeZone: string;
  windowSizeSeconds: number;
  logLevel: string;
  port: number;
  host: string;
  /** Origins (`none` for same origin only) allowed to call the REST API and open a socket.io connection from a browser, besides the gateway's own. */
  corsOrigins: string[];
  /** Most windows one history query may span. */
  maxWindows: number;
  /** Absolute path of the dashboard's built files, served at `/` when the directory exists. */
  dashboardDir: string;
  /** Bytes queued for one WebSocket client beyond which live updates are coalesced instead of written. */
  wsMaxBuffered: number;
  /** Most coalesced live updates kept per client (oldest windows are dropped beyond it). */
  wsMaxPending: number;
  /** Most original-protocol requests one connection may have waiting for their answer; beyond it an ERROR reply. */
  wsMaxInflight: number;
  /** How long a history answer may be reused (dropped earlier by a live update of its branch); 0 disables. */
  historyCacheMs: number;
  /** Admission control, paging and cache bounds of history reads. */
  history: HistoryLimits;
}

/** Injection token of {@link GatewayConfig}. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/**
 * Reads and validates the gateway's environment; throws a ConfigError naming each bad variable
 * and its value. The only place that looks at `process.env`. A relative `DASHBOARD_DIR` resolves
 * against `cwd` (the workspace root under `nx serve`).
 */
export function loadGatewayConfig(env: Env = process.env, cwd: string = process.cwd()): GatewayConfig {
  const raw = loadConfig('api-gateway', gatewayEnvSchema, env);
  const topology = redisTopologyProblems({ REDIS_URL: env['REDIS_URL'], REDIS_CLUSTER_NODES: raw.REDIS_CLUSTER_NODES, ORDER_SHARDS: raw.ORDER_SHARDS, KEY_PREFIX: raw.KEY_PREFIX });
  if (topology.length > 0) {
    throw new ConfigError('api-gateway', topology);
  }
  return {
    redisUrl: raw.REDIS_URL,
    ...(raw.REDIS_CLUSTER_NODES === undefined ? {} : { redisClusterNodes: raw.REDIS_CLUSTER_NODES, orderShards: raw.ORDER_SHARDS }),
    keyPrefix: raw.KEY_PREFIX,
    timeZone: raw.TIME_ZONE,
    windowSizeSeconds: raw.WINDOW_SIZE_SECONDS,
    logLevel: raw.LOG_LEVEL,
    port: raw.GATEWAY_PORT,
    host: raw.GATEWAY_HOST,
    corsOrigins: [...new Set(raw.CORS_ORIGINS)],
    maxWindows: raw.MAX_WINDOWS,
    dashboardDir: isAbsolute(raw.DASHBOARD_DIR) ? raw.DASHBOARD_DIR : resolve(cwd, raw.DASHBOARD_DIR),
    wsMaxBuffered: raw.WS_MAX_BUFFERED,
    wsMaxPending: raw.WS_MAX_PENDING,
    wsMaxInflight: raw.WS_MAX_INFLIGHT,
    historyCacheMs: raw.HISTORY_CACHE_MS,
    history: {
      maxCells: raw.MAX_HISTORY_CELLS,
      concurrency: raw.HISTORY_CONCURRENCY,
      queue: raw.HISTORY_QUEUE,
      queueTimeoutMs: raw.HISTORY_QUEUE_TIMEOUT_MS,
      pageCells: raw.HISTORY_PAGE_CELLS,
      refusalDelayMs: raw.HISTORY_REFUSAL_DELAY_MS,
      refusalsHeld: raw.HISTORY_REFUSALS_HELD,
      pagesAtOnce: raw.HISTORY_PAGES_AT_ONCE,
      writeTimeoutMs: raw.HISTORY_WRITE_TIMEOUT_MS,
      cacheBytes: raw.HISTORY_CACHE_BYTES,
      cacheEntryBytes: raw.HISTORY_CACHE_ENTRY_BYTES,
    },
  };
}
