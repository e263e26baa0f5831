import { commonEnvShape, flagSchema, listSchema, loadConfig, portSchema, positiveIntSchema, retryEnvShape, type Env } from '@coffee/service-kit';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const BODY_LIMIT = /^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i;

const collectorEnvSchema = z.object({
  ...commonEnvShape,
  COLLECTOR_PORT: portSchema(3001),
  ORDERS_FILES: listSchema(['data/CoffeeOrders.txt']).refine((files) => files.length > 0, 'must name at least one file'),
  START_POSITION: z.enum(['beginning', 'end'], { message: 'must be beginning or end' }).default('beginning'),
  BATCH_SIZE: positiveIntSchema(1000, 100_000),
  FLUSH_INTERVAL_MS: z.coerce.number().int('must be an integer').min(0, 'must be >= 0').max(60_000, 'must be <= 60000').default(50),
  MAX_LINE_BYTES: positiveIntSchema(65_536, 16 * 1024 * 1024),
  INGEST_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
  BODY_LIMIT: z.string().regex(BODY_LIMIT, 'must be a size such as 1mb, 512kb or 1048576').default('1mb'),
  LEGACY_LIST: flagSchema(false),
  PARSE_THREADS: z.coerce.number().int('must be an integer').min(0, 'must be 0..8').max(8, 'must be 0..8').default(1),
  IDEMPOTENCY_TTL_SECONDS: positiveIntSchema(86_400, 30 * 86_400),
  ...retryEnvShape,
});

/** The collector's validated configuration. */
export interface CollectorConfig {
  redisUrl: string;
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
  /** How long the receipt of a request with an `Idempotency-Key` is kept (a retry within it writes nothing), s. */
  idempotencyTtlSeconds: number;
  /** First backoff ceiling of the retry loops, ms (RETRY_BASE_MS; default 100). */
  retryBaseMs?: number;
  /** Highest backoff ceiling of the retry loops, ms (RETRY_MAX_MS; default 5 000). */
  retryMaxMs?: number;
  /** How long commits may fail before `/health/ready` answers 503, ms (READY_FAILING_MS; default 5 000). */
  readyFailingMs?: number;
}

/** Injection token of {@link CollectorConfig}. */
export const COLLECTOR_CONFIG = Symbol('COLLECTOR_CONFIG');

/**
 * Reads and validates the collector's environment; throws a ConfigError naming each bad variable.
 * The only place that looks at `process.env` (main.ts hands it in). Relative file paths resolve
 * against `cwd`.
 */
export function loadCollectorConfig(env: Env = process.env, cwd: string = process.cwd()): CollectorConfig {
  const raw = loadConfig('collector', collectorEnvSchema, env);
  const files = [...new Set(raw.ORDERS_FILES.map((file) => (isAbsolute(file) ? file : resolve(cwd, file))))];
  const config: CollectorConfig = {
    redisUrl: raw.REDIS_URL,
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
    idempotencyTtlSeconds: raw.IDEMPOTENCY_TTL_SECONDS,
    retryBaseMs: raw.RETRY_BASE_MS,
    retryMaxMs: raw.RETRY_MAX_MS,
    readyFailingMs: raw.READY_FAILING_MS,
  };
  if (raw.INGEST_TOKEN !== undefined) {
    config.ingestToken = raw.INGEST_TOKEN;
  }
  return config;
}
