import { Controller, Get, Header } from '@nestjs/common';
import { CollectorMetrics } from './collector.metrics';

/** `GET /metrics`: Prometheus text. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: CollectorMetrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
