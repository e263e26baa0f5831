import { loadConfig, positiveIntSchema, nonNegativeIntSchema, type Env } from '@coffee/service-kit';
import { z } from 'zod';

/** Limits of `GET /api/alerts` and `GET /api/top` (see apps/api-gateway/README.md). */
export interface AlertsApiConfig {
  /** Most alerts one `GET /api/alerts` answers (`limit` defaults to 100 and may not exceed it). */
  readonly maxAlerts: number;
  /** Most alert events read from the stream per request (the stream's own MAXLEN bounds it too). */
  readonly maxEventsRead: number;
  /** Largest `n` of `GET /api/top`. */
  readonly topMaxN: number;
  /** Most windows one `GET /api/top` may span (24 h of 30 s windows by default). */
  readonly topMaxWindows: number;
  /** How long a top-N answer is reused, ms (0 disables). */
  readonly topCacheMs: number;
  /** Most bytes of top-N answers cached (least recently used dropped first; each answer's JSON counted twice: text and gzip). */
  readonly topCacheBytes: number;
}

/** Nest token of {@link AlertsApiConfig}. */
export const ALERTS_API_CONFIG = Symbol('ALERTS_API_CONFIG');

const schema = z.object({
  ALERTS_MAX_RESULTS: positiveIntSchema(1_000, 10_000),
  ALERTS_MAX_EVENTS_READ: positiveIntSchema(10_000, 1_000_000),
  TOP_MAX_N: positiveIntSchema(20, 100),
  TOP_MAX_WINDOWS: positiveIntSchema(2_880, 100_000),
  TOP_CACHE_MS: nonNegativeIntSchema(5_000).refine((ms) => ms <= 600_000, 'must be <= 600000'),
  TOP_CACHE_BYTES: positiveIntSchema(32 * 1_048_576, 1_073_741_824),
});

/** Validates the alert API variables; throws `ConfigError` naming each bad one. */
export function loadAlertsApiConfig(env: Env = process.env): AlertsApiConfig {
  const raw = loadConfig('api-gateway', schema, env);
  return {
    maxAlerts: raw.ALERTS_MAX_RESULTS,
    maxEventsRead: raw.ALERTS_MAX_EVENTS_READ,
    topMaxN: raw.TOP_MAX_N,
    topMaxWindows: raw.TOP_MAX_WINDOWS,
    topCacheMs: raw.TOP_CACHE_MS,
    topCacheBytes: raw.TOP_CACHE_BYTES,
  };
}
