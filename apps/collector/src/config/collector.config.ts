import { DEFAULT_MAX_FUTURE_SKEW_MS, isValidBranchName } from '@coffee/order-schema';
import { commonEnvShape, ConfigError, flagSchema, listSchema, loadConfig, nonNegativeIntSchema, portSchema, positiveIntSchema, redisClusterEnvShape, replicaWaitEnvShape, retryEnvShape, type Env } from '@coffee/service-kit';
import { redisTopologyProblems } from '@coffee/redis-io';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const BODY_LIMIT = /^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i;
const HOST = /^[A-Za-z0-9.:%_-]+$/;

const collectorEnvSchema = z.object({
  ...commonEnvShape,
  ...redisClusterEnvShape,
  ...replicaWaitEnvShape,
  COLLECTOR_PORT: portSchema(3001),
  ORDERS_FILES: listSchema(['data/CoffeeOrders.txt']).refine((files) => files.length > 0, 'must name at least one file'),
  START_POSITION: z.enum(['beginning', 'end'], { message: 'must be beginning or end' }).default('beginning'),
  BATCH_SIZE: positiveIntSchema(8000, 100_000),
  FLUSH_INTERVAL_MS: z.coerce.number().int('must be an integer').min(0, 'must be >= 0').max(60_000, 'must be <= 60000').default(50),
  MAX_LINE_BYTES: positiveIntSchema(65_536, 16 * 1024 * 1024),
  INGEST_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
  BODY_LIMIT: z.string().regex(BODY_LIMIT, 'must be a size such as 1mb, 512kb or 1048576').default('1mb'),
  LEGACY_LIST: flagSchema(false),
  PARSE_THREADS: z.coerce.number().int('must be an integer').min(0, 'must be 0..8').max(8, 'must be 0..8').default(1),
  STREAM_ENTRY_FORMAT: z.enum(['compact', 'json'], { message: 'must be compact or json' }).default('compact'),
  IDEMPOTENCY_TTL_SECONDS: positiveIntSchema(86_400, 30 * 86_400),
  ...retryEnvShape,
  COLLECTOR_HOST: z.string().regex(HOST, 'must be an IP address or a host name, e.g. 127.0.0.1 or 0.0.0.0').default('127.0.0.1'),
  ALLOW_UNAUTHENTICATED_INGEST: flagSchema(false),
  METRICS_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
  MAX_INPUTS_PER_REQUEST: positiveIntSchema(10_000, 1_000_000),
  MAX_REJECTED_PER_REQUEST: positiveIntSchema(1_000, 1_000_000),
  MAX_ERRORS_LISTED: nonNegativeIntSchema(100).refine((n) => n <= 10_000, 'must be <= 10000'),
  MAX_JSON_DEPTH: positiveIntSchema(16, 1_000).refine((n) => n >= 2, 'must be >= 2 (an order nests 2 levels)'),
  HTTP_DEAD_LETTER_MAX_LENGTH: positiveIntSchema(100_000, 100_000_000),
  RATE_LIMIT_PER_SECOND: nonNegativeIntSchema(100).refine((n) => n <= 1_000_000, 'must be <= 1000000'),
  RATE_LIMIT_BURST: positiveIntSchema(200, 1_000_000),
  RATE_LIMIT_CLIENTS: positiveIntSchema(10_000, 10_000_000),
  MAX_FUTURE_SKEW_SECONDS: nonNegativeIntSchema(DEFAULT_MAX_FUTURE_SKEW_MS / 1000),
  DEFAULT_BRANCH: z.string().refine(isValidBranchName, 'must be a valid branch name (1..64 characters, no : white space * ? [ ] \\, not all)').optional(),
  BRANCH_ALLOWLIST: listSchema([]).refine((names) => names.every(isValidBranchName), 'must list valid branch names'),
  SPOOL_DIRS: listSchema([]),
  SPOOL_DONE_DIR: z.string().min(1).optional(),
  SPOOL_SETTLE_MS: nonNegativeIntSchema(1_000).refine((n) => n <= 3_600_000, 'must be <= 3600000'),
  SPOOL_POLL_MS: positiveIntSchema(500, 60_000),
  SPOOL_MAX_FILE_BYTES: positiveIntSchema(16 * 1024 * 1024, 1024 * 1024 * 1024),
  SPOOL_MAX_FILES_IN_FLIGHT: positiveIntSchema(2, 64),
});

/** Host names and addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The collector's validated configuration. */
export interface CollectorConfig {
  redisUrl: string;
  /** `REDIS_CLUSTER_NODES`: the Redis Cluster's seeds (then `redisUrl` is unused); undefined for one node. */
  redisClusterNodes?: string;
  /** `ORDER_SHARDS`: order-stream shards (1 on one node). Undefined means 1. */
  orderShards?: number;
  /** `REPLICA_WAIT_MS`: confirm each file commit with `WAIT 1 <ms>`; undefined or 0 = off. */
  replicaWaitMs?: number;
  keyPrefix: string;
  logLevel: string;
  port: number;
  /** Absolute paths of the tailed files, in the order given. */
  ordersFiles: string[];
  startPosition: 'beginning' | 'end';
  batchSize: number;
  flushIntervalMs: number;
  maxLineBytes: number;
  ingestToken?: string;
  bodyLimit: string;
  legacyList: boolean;
  /** Worker threads validating tailed lines; 0 validates on the main thread. */
  parseThreads: number;
  /**
   * `STREAM_ENTRY_FORMAT`: how tailed files' orders are written to the stream: `compact` binary
   * entries (default; processors from this version on read them) or `json` lines (what older
   * processors read). Undefined means compact.
   */
  streamEntryFormat?: 'compact' | 'json';
  /** How long the receipt of a request with an `Idempotency-Key` is kept (a retry within it writes nothing), s. */
  idempotencyTtlSeconds: number;
  /** First backoff ceiling of the retry loops, ms (RETRY_BASE_MS; default 100). */
  retryBaseMs?: number;
  /** Highest backoff ceiling of the retry loops, ms (RETRY_MAX_MS; default 5 000). */
  retryMaxMs?: number;
  /** How long commits may fail before `/health/ready` answers 503, ms (READY_FAILING_MS; default 5 000). */
  readyFailingMs?: number;
  /** Address the HTTP server listens on (`COLLECTOR_HOST`). */
  host: string;
  /** Bounds of one `POST /orders` request and of what it leaves behind (see the README's limits). */
  ingestLimits: IngestLimits;
  /** When set, `GET /metrics` needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** How far after the receive time an order's own time may lie (`MAX_FUTURE_SKEW_SECONDS`), ms; the processor applies the same rule. */
  maxFutureSkewMs?: number;
  /** Branch for a line without one (`DEFAULT_BRANCH`); unset, such a line is dead-lettered `MISSING_FIELD`. */
  defaultBranch?: string;
  /** The only branches accepted (`BRANCH_ALLOWLIST`); empty accepts any valid name. */
  branchAllowlist?: string[];
  /** The spooling-directory source; optional so configs built by hand in tests may leave it out. */
  spool?: SpoolConfig;
}

/** Limits of HTTP ingest, each an environment setting. */
export interface IngestLimits {
  /** Most inputs (array elements, NDJSON lines) per request; beyond: 413 `TOO_MANY_INPUTS`. */
  maxInputs: number;
  /** Most rejected inputs per request; beyond: 422 `TOO_MANY_REJECTED`, nothing stored. */
  maxRejected: number;
  /** Most per-input errors listed in an answer (and kept in an idempotency receipt); `rejected` counts them all. */
  maxErrorsListed: number;
  /** Deepest JSON nesting of one input; deeper inputs are rejected as `TOO_DEEP`. */
  maxJsonDepth: number;
  /** Approximate cap of the HTTP dead-letter stream, entries (oldest evicted first, counted by a metric). */
  deadLetterMaxLength: number;
  /** Token-bucket refill per client address, requests per second; 0 = no rate limit. */
  ratePerSecond: number;
  /** Token-bucket size per client address, requests. */
  rateBurst: number;
  /** Most client addresses tracked by the rate limiter (the least recently seen is forgotten first). */
  rateClients: number;
}

/** Injection token of {@link CollectorConfig}. */
export const COLLECTOR_CONFIG = Symbol('COLLECTOR_CONFIG');

/** The spooling-directory source's settings (see the README's "Spool directories"). */
export interface SpoolConfig {
  /** Absolute paths of the watched folders; none: the source is off. */
  dirs: string[];
  /** Absolute folder that finished files move to; unset: they are renamed in place with `.COMPLETED`. */
  doneDir?: string;
  /** A file is taken once its size and mtime stayed the same this long, ms. */
  settleMs: number;
  /** How often the folders are listed, ms. */
  pollMs: number;
  /** Larger files are not read: reported and renamed with `.FAILED`. */
  maxFileBytes: number;
  /** Files read and committed at once, over all folders. */
  maxFilesInFlight: number;
}

/**
 * Reads and validates the collector's environment; throws a ConfigError naming each bad variable.
 * The only place that looks at `process.env` (main.ts hands it in). Relative file paths resolve
 * against `cwd`.
 */
export function loadCollectorConfig(env: Env = process.env, cwd: string = process.cwd()): CollectorConfig {
  const raw = loadConfig('collector', collectorEnvSchema, env);
  const topology = redisTopologyProblems({ REDIS_URL: env['REDIS_URL'], REDIS_CLUSTER_NODES: raw.REDIS_CLUSTER_NODES, ORDER_SHARDS: raw.ORDER_SHARDS, KEY_PREFIX: raw.KEY_PREFIX });
  if (topology.length > 0) {
    throw new ConfigError('collector', topology);
  }
  const files = [...new Set(raw.ORDERS_FILES.map((file) => (isAbsolute(file) ? file : resolve(cwd, file))))];
  const config: CollectorConfig & { spool: SpoolConfig } = {
    redisUrl: raw.REDIS_URL,
    ...(raw.REDIS_CLUSTER_NODES === undefined ? {} : { redisClusterNodes: raw.REDIS_CLUSTER_NODES, orderShards: raw.ORDER_SHARDS }),
    ...(raw.REPLICA_WAIT_MS === 0 ? {} : { replicaWaitMs: raw.REPLICA_WAIT_MS }),
    keyPrefix: raw.KEY_PREFIX,
    logLevel: raw.LOG_LEVEL,
    port: raw.COLLECTOR_PORT,
    ordersFiles: files,
    startPosition: raw.START_POSITION,
    batchSize: raw.BATCH_SIZE,
    flushIntervalMs: raw.FLUSH_INTERVAL_MS,
    maxLineBytes: raw.MAX_LINE_BYTES,
    bodyLimit: raw.BODY_LIMIT,
    legacyList: raw.LEGACY_LIST,
    parseThreads: raw.PARSE_THREADS,
    streamEntryFormat: raw.STREAM_ENTRY_FORMAT,
    idempotencyTtlSeconds: raw.IDEMPOTENCY_TTL_SECONDS,
    retryBaseMs: raw.RETRY_BASE_MS,
    retryMaxMs: raw.RETRY_MAX_MS,
    readyFailingMs: raw.READY_FAILING_MS,
    host: raw.COLLECTOR_HOST,
    ingestLimits: {
      maxInputs: raw.MAX_INPUTS_PER_REQUEST,
      maxRejected: raw.MAX_REJECTED_PER_REQUEST,
      maxErrorsListed: raw.MAX_ERRORS_LISTED,
      maxJsonDepth: raw.MAX_JSON_DEPTH,
      deadLetterMaxLength: raw.HTTP_DEAD_LETTER_MAX_LENGTH,
      ratePerSecond: raw.RATE_LIMIT_PER_SECOND,
      rateBurst: raw.RATE_LIMIT_BURST,
      rateClients: raw.RATE_LIMIT_CLIENTS,
    },
    maxFutureSkewMs: raw.MAX_FUTURE_SKEW_SECONDS * 1000,
    branchAllowlist: [...new Set(raw.BRANCH_ALLOWLIST)],
    spool: {
      dirs: [...new Set(raw.SPOOL_DIRS.map((dir) => (isAbsolute(dir) ? dir : resolve(cwd, dir))))],
      settleMs: raw.SPOOL_SETTLE_MS,
      pollMs: raw.SPOOL_POLL_MS,
      maxFileBytes: raw.SPOOL_MAX_FILE_BYTES,
      maxFilesInFlight: raw.SPOOL_MAX_FILES_IN_FLIGHT,
    },
  };
  if (raw.SPOOL_DONE_DIR !== undefined) {
    config.spool.doneDir = isAbsolute(raw.SPOOL_DONE_DIR) ? raw.SPOOL_DONE_DIR : resolve(cwd, raw.SPOOL_DONE_DIR);
  }
  if (raw.DEFAULT_BRANCH !== undefined) {
    if (raw.BRANCH_ALLOWLIST.length > 0 && !raw.BRANCH_ALLOWLIST.includes(raw.DEFAULT_BRANCH)) {
      throw new ConfigError('collector', [`DEFAULT_BRANCH: must be in BRANCH_ALLOWLIST (got '${raw.DEFAULT_BRANCH}')`]);
    }
    config.defaultBranch = raw.DEFAULT_BRANCH;
  }
  if (raw.INGEST_TOKEN !== undefined) {
    config.ingestToken = raw.INGEST_TOKEN;
  }
  if (raw.METRICS_TOKEN !== undefined) {
    config.metricsToken = raw.METRICS_TOKEN;
  }
  if (!isLoopbackHost(config.host) && config.ingestToken === undefined && !raw.ALLOW_UNAUTHENTICATED_INGEST) {
    throw new ConfigError('collector', [
      `COLLECTOR_HOST=${config.host} lets other machines reach POST /orders, but INGEST_TOKEN is not set: set INGEST_TOKEN, listen on 127.0.0.1, or set ALLOW_UNAUTHENTICATED_INGEST=true to accept anyone's orders`,
    ]);
  }
  return config;
}
