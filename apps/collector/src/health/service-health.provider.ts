import type { Provider } from '@nestjs/common';
import { createServiceHealth, ServiceHealth } from '@coffee/service-kit';
import { COLLECTOR_CONFIG, type CollectorConfig } from '../config/collector.config';
import { CollectorMetrics } from '../metrics/collector.metrics';

/** The collector's retry loops (one per tailed file, the legacy list) and the readiness they imply; their failure gauge is on `/metrics`. */
export const serviceHealthProvider: Provider = {
  provide: ServiceHealth,
  inject: [COLLECTOR_CONFIG, CollectorMetrics],
  useFactory: (config: CollectorConfig, metrics: CollectorMetrics) => createServiceHealth(config, metrics.registry),
};
