import { createMetricsController } from '@coffee/service-kit';
import { CollectorMetrics } from './collector.metrics';

/** `GET /metrics`: Prometheus text. */
export const MetricsController = createMetricsController(CollectorMetrics);
