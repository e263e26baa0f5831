import { Module, type Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { createMetricsRegistry, serviceLoggerModule } from '@coffee/service-kit';
import { COLLECTOR_CONFIG, type CollectorConfig } from '../config/collector.config';
import { HealthController } from '../health/health.controller';
import { serviceHealthProvider } from '../health/service-health.provider';
import { CollectorExceptionFilter } from '../sources/http/collector-exception.filter';
import { IngestService } from '../sources/http/ingest.service';
import { OrdersController } from '../sources/http/orders.controller';
import { LegacyListService } from '../sources/legacy-list/legacy-list.service';
import { CollectorMetrics } from '../metrics/collector.metrics';
import { MetricsController } from '../metrics/metrics.controller';
import { SharedValidator } from '../pipeline/shared-validator';
import { CollectorRedis } from '../redis/collector-redis';
import { SpoolService } from '../sources/spool/spool.service';
import { TailService } from '../sources/file/tail.service';

/** The collector's root module for a given configuration; `logDestination` (tests) replaces stdout. */
export function createAppModule(config: CollectorConfig, logDestination?: DestinationStream): Type<unknown> {
  @Module({
    imports: [serviceLoggerModule('collector', config.logLevel, logDestination)],
    controllers: [OrdersController, HealthController, MetricsController],
    providers: [
      { provide: COLLECTOR_CONFIG, useValue: config },
      { provide: CollectorMetrics, useFactory: () => new CollectorMetrics(createMetricsRegistry('collector')) },
      { provide: APP_FILTER, useClass: CollectorExceptionFilter },
      CollectorRedis,
      IngestService,
      SharedValidator,
      TailService,
      SpoolService,
      LegacyListService,
      serviceHealthProvider,
    ],
  })
  class CollectorModule {}
  return CollectorModule;
}
