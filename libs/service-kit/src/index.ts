export { ConfigError } from './lib/config-error';
export { loadConfig } from './lib/load-config';
export type { Env } from './lib/load-config';
export {
  commonEnvShape,
  portSchema,
  positiveIntSchema,
  nonNegativeIntSchema,
  redisUrlSchema,
  timeZoneSchema,
  flagSchema,
  listSchema,
  retryEnvShape,
  redisClusterEnvShape,
  replicaWaitEnvShape,
} from './lib/env-schemas';
export { serviceLoggerModule } from './lib/logger.module';
export { redactQuery, redactUrl } from './lib/redact-url';
export { createMetricsRegistry } from './lib/metrics-registry';
export { bootstrapService, configOrExit, listenWithFallback } from './lib/bootstrap-service';
export type { BootstrapOptions } from './lib/bootstrap-service';
export { RetryTracker, describeError } from './lib/retry-tracker';
export type { RetryLogger, RetryStatus, RetryTrackerOptions } from './lib/retry-tracker';
export { ServiceHealth, createServiceHealth, readyReport } from './lib/service-health';
export { createHealthController } from './lib/health.controller';
export { createMetricsController } from './lib/metrics.controller';
export type { Readiness, ReadyReport, ServiceHealthOptions, ServiceHealthSettings } from './lib/service-health';
