import { Module, type DynamicModule } from '@nestjs/common';
import { serviceLoggerModule } from '@coffee/service-kit';
import { AlertsService } from '../alerts/alerts.service';
import { PROCESSOR_CONFIG } from '../config/processor-config.token';
import type { ProcessorConfig } from '../config/processor.config';
import { HealthController } from '../health/health.controller';
import { serviceHealthProvider } from '../health/service-health.provider';
import { MetricsController } from '../metrics/metrics.controller';
import { ProcessorMetrics } from '../metrics/processor.metrics';
import { ProcessorRedis } from '../redis/processor-redis';
import { ProcessorService } from './processor.service';

/** The processor's root module for a given configuration. */
@Module({})
export class ProcessorModule {
  static forRoot(config: ProcessorConfig): DynamicModule {
    return {
      module: ProcessorModule,
      imports: [serviceLoggerModule('processor', config.logLevel)],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: PROCESSOR_CONFIG, useValue: config },
        { provide: ProcessorMetrics, useFactory: () => new ProcessorMetrics() },
        ProcessorRedis,
        ProcessorService,
        serviceHealthProvider,
        AlertsService,
      ],
    };
  }
}
