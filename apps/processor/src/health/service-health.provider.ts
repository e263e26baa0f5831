import type { Provider } from '@nestjs/common';
import { createServiceHealth, ServiceHealth } from '@coffee/service-kit';
import { PROCESSOR_CONFIG } from '../config/processor-config.token';
import type { ProcessorConfig } from '../config/processor.config';
import { ProcessorMetrics } from '../metrics/processor.metrics';

/** The processor's retry loops (read, apply) and the readiness they imply; their failure gauge is on `/metrics`. */
export const serviceHealthProvider: Provider = {
  provide: ServiceHealth,
  inject: [PROCESSOR_CONFIG, ProcessorMetrics],
  useFactory: (config: ProcessorConfig, metrics: ProcessorMetrics) => createServiceHealth(config, metrics.registry),
};
