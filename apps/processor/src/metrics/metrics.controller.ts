import { createMetricsController } from '@coffee/service-kit';
import { ProcessorMetrics } from './processor.metrics';

/** `GET /metrics`: Prometheus text exposition of the processor's metrics. */
export const MetricsController = createMetricsController(ProcessorMetrics);
