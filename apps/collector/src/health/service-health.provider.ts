import type { Provider } from '@nestjs/common';
import { ServiceHealth } from '@coffee/service-kit';
import { COLLECTOR_CONFIG, type CollectorConfig } from '../config/collector.config';
import { CollectorMetrics } from '../metrics/collector.metrics';

/** The collector's retry loops (one per tailed file, the legacy list) and the readiness they imply; their failure gauge is on `/metrics`. */
export const serviceHealthProvider: Provider = {
  provide: ServiceHealth,
  inject: [COLLECTOR_CONFIG, CollectorMetrics],
  useFactory: (config: CollectorConfig, metrics: CollectorMetrics) => {
    const health = new ServiceHealth({ failingAfterMs: config.readyFailingMs ?? 5_000, retry: { baseMs: config.retryBaseMs ?? 100, maxMs: config.retryMaxMs ?? 5_000 } });
    health.register(metrics.registry);
    return health;
  },
};
