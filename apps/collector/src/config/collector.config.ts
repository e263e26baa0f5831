import { DEFAULT_MAX_FUTURE_SKEW_MS, isValidBranchName } from '@coffee/order-schema';
import { ConfigError, commonEnvShape, flagSchema, listSchema, loadConfig, nonNegativeIntSchema, portSchema, positiveIntSchema, type Env } from '@coffee/service-kit';
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
  MAX_FUTURE_SKEW_SECONDS: nonNegativeIntSchema(DEFAULT_MAX_FUTURE_SKEW_MS / 1000),
  DEFAULT_BRANCH: z.string().refine(isValidBranchName, 'must be a valid branch name (1..64 characters, no : white space * ? [ ] \\, not all)').optional(),
  BRANCH_ALLOWLIST: listSchema([]).refine((names) => names.every(isValidBranchName), 'must list valid branch names'),
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
  /** How far after the receive time an order's own time may lie (`MAX_FUTURE_SKEW_SECONDS`), ms; the processor applies the same rule. */
  maxFutureSkewMs?: number;
  /** Branch for a line without one (`DEFAULT_BRANCH`); unset, such a line is dead-lettered `MISSING_FIELD`. */
  defaultBranch?: string;
  /** The only branches accepted (`BRANCH_ALLOWLIST`); empty accepts any valid name. */
  branchAllowlist?: string[];
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
    maxFutureSkewMs: raw.MAX_FUTURE_SKEW_SECONDS * 1000,
    branchAllowlist: [...new Set(raw.BRANCH_ALLOWLIST)],
  };
  if (raw.DEFAULT_BRANCH !== undefined) {
    if (raw.BRANCH_ALLOWLIST.length > 0 && !raw.BRANCH_ALLOWLIST.includes(raw.DEFAULT_BRANCH)) {
      throw new ConfigError('collector', [`DEFAULT_BRANCH: must be in BRANCH_ALLOWLIST (got '${raw.DEFAULT_BRANCH}')`]);
    }
    config.defaultBranch = raw.DEFAULT_BRANCH;
  }
  if (raw.INGEST_TOKEN !== undefined) {
    config.ingestToken = raw.INGEST_TOKEN;
  }
  return config;
}
