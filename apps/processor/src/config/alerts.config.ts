import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AggregationError, parseAlertRules, type AlertRules } from '@coffee/aggregation';
import { flagSchema, positiveIntSchema } from '@coffee/service-kit';

/** Validated alert settings of the processor (`ProcessorConfig.alerts`; see apps/processor/README.md, "Alerts"). */
export interface AlertsConfig {
  readonly enabled: boolean;
  readonly rules: AlertRules;
  /** Approximate MAXLEN of the alerts stream. */
  readonly streamMaxLen: number;
  /** Lifetime of an alert id's dedupe marker, seconds: a re-evaluation within it writes nothing. */
  readonly idTtlSeconds: number;
  /** Most base windows evaluated to catch up a gap between two closes (older ones are skipped). */
  readonly maxCatchUpWindows: number;
  /** Most closed windows waiting for evaluation; beyond it the oldest are dropped (and counted). */
  readonly maxQueuedWindows: number;
  /** How often waiting windows are checked for completeness (every entry before them acknowledged), ms. */
  readonly checkIntervalMs: number;
  readonly webhook?: AlertWebhookConfig;
}

/** Settings of the optional alert webhook. */
export interface AlertWebhookConfig {
  readonly url: string;
  /** Alerts waiting for delivery at most; beyond it new alerts are dropped (and counted). */
  readonly queueSize: number;
  readonly maxAttempts: number;
  /** First retry delay, ms; doubled per attempt up to `maxDelayMs`, with full jitter. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
}

/** The alert variables, part of the processor's one environment schema (processor.config.ts). */
export const alertsEnvShape = {
  ALERTS_ENABLED: flagSchema(true),
  ALERT_RULES: z.string().optional(),
  ALERT_RULES_FILE: z.string().optional(),
  ALERT_STREAM_MAXLEN: positiveIntSchema(10_000, 1_000_000),
  ALERT_ID_TTL_SECONDS: positiveIntSchema(7 * 86_400, 365 * 86_400),
  ALERT_MAX_CATCHUP_WINDOWS: positiveIntSchema(240, 10_000),
  ALERT_MAX_QUEUED_WINDOWS: positiveIntSchema(10_000, 1_000_000),
  ALERT_CHECK_INTERVAL_MS: positiveIntSchema(250, 60_000),
  ALERT_WEBHOOK_URL: z
    .string()
    .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), 'must be an http:// or https:// URL')
    .optional(),
  ALERT_WEBHOOK_QUEUE: positiveIntSchema(1_000, 100_000),
  ALERT_WEBHOOK_MAX_ATTEMPTS: positiveIntSchema(8, 100),
  ALERT_WEBHOOK_BASE_DELAY_MS: positiveIntSchema(500, 3_600_000),
  ALERT_WEBHOOK_MAX_DELAY_MS: positiveIntSchema(60_000, 3_600_000),
  ALERT_WEBHOOK_TIMEOUT_MS: positiveIntSchema(5_000, 300_000),
};

type AlertsEnv = z.infer<z.ZodObject<typeof alertsEnvShape>>;

/**
 * The alert settings from the validated variables; rules come from `ALERT_RULES` (JSON) or the JSON
 * file `ALERT_RULES_FILE` (read here, once), not both; missing rules and fields take the documented
 * defaults. Returns the problems instead, each naming the variable, for the caller's `ConfigError`.
 */
export function alertsConfigFrom(env: AlertsEnv): { config: AlertsConfig; problems: [] } | { config: undefined; problems: string[] } {
  if (env.ALERT_RULES !== undefined && env.ALERT_RULES_FILE !== undefined) {
    return { config: undefined, problems: ['ALERT_RULES, ALERT_RULES_FILE: set one, not both'] };
  }
  const rules = readRules(env.ALERT_RULES, env.ALERT_RULES_FILE);
  if (typeof rules === 'string') {
    return { config: undefined, problems: [rules] };
  }
  const config: AlertsConfig = {
    enabled: env.ALERTS_ENABLED,
    rules,
    streamMaxLen: env.ALERT_STREAM_MAXLEN,
    idTtlSeconds: env.ALERT_ID_TTL_SECONDS,
    maxCatchUpWindows: env.ALERT_MAX_CATCHUP_WINDOWS,
    maxQueuedWindows: env.ALERT_MAX_QUEUED_WINDOWS,
    checkIntervalMs: env.ALERT_CHECK_INTERVAL_MS,
    ...(env.ALERT_WEBHOOK_URL === undefined
      ? {}
      : {
          webhook: {
            url: env.ALERT_WEBHOOK_URL,
            queueSize: env.ALERT_WEBHOOK_QUEUE,
            maxAttempts: env.ALERT_WEBHOOK_MAX_ATTEMPTS,
            baseDelayMs: env.ALERT_WEBHOOK_BASE_DELAY_MS,
            maxDelayMs: Math.max(env.ALERT_WEBHOOK_MAX_DELAY_MS, env.ALERT_WEBHOOK_BASE_DELAY_MS),
            timeoutMs: env.ALERT_WEBHOOK_TIMEOUT_MS,
          },
        }),
  };
  return { config, problems: [] };
}

/** The rules, or a problem naming the variable. */
function readRules(inline: string | undefined, file: string | undefined): AlertRules | string {
  const variable = inline !== undefined ? 'ALERT_RULES' : 'ALERT_RULES_FILE';
  let text: string | undefined = inline;
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return `ALERT_RULES_FILE: cannot read ${JSON.stringify(file)} (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  let input: unknown;
  try {
    input = text === undefined ? undefined : JSON.parse(text);
  } catch (error) {
    return `${variable}: not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  try {
    return parseAlertRules(input);
  } catch (error) {
    if (error instanceof AggregationError) {
      return `${variable}: ${error.message}`;
    }
    throw error;
  }
}
