import type { Provider } from '@nestjs/common';
import { ServiceHealth } from '@coffee/service-kit';
import { PROCESSOR_CONFIG } from '../config/processor-config.token';
import type { ProcessorConfig } from '../config/processor.config';
import { ProcessorMetrics } from '../metrics/processor.metrics';

/** The processor's retry loops (read, apply) and the readiness they imply; their failure gauge is on `/metrics`. */
export const serviceHealthProvider: Provider = {
  provide: ServiceHealth,
  inject: [PROCESSOR_CONFIG, ProcessorMetrics],
  useFactory: (config: ProcessorConfig, metrics: ProcessorMetrics) => {
    const health = new ServiceHealth({ failingAfterMs: config.readyFailingMs ?? 5_000, retry: { baseMs: config.retryBaseMs ?? 100, maxMs: config.retryMaxMs ?? 5_000 } });
    health.register(metrics.registry);
    return health;
  },
};
