import { Controller, Get, Header, Inject, type Type } from '@nestjs/common';
import type { Registry } from 'prom-client';

/**
 * `GET /metrics`: the Prometheus text exposition of a service's registry, read from its metrics
 * provider (`source`, a class holding `registry`).
 *
 * @example
 * export const MetricsController = createMetricsController(CollectorMetrics);
 */
export function createMetricsController(source: Type<{ readonly registry: Registry }>): Type<unknown> {
  @Controller('metrics')
  class MetricsController {
    constructor(@Inject(source) private readonly metrics: { readonly registry: Registry }) {}

    @Get()
    @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
    scrape(): Promise<string> {
      return this.metrics.registry.metrics();
    }
  }
  return MetricsController;
}
