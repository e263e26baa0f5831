import { Controller, Get, Header } from '@nestjs/common';
import { ProcessorMetrics } from './processor.metrics';

/** Prometheus text exposition of the processor's metrics. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ProcessorMetrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
