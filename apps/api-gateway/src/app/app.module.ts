import { serviceLoggerModule } from '@coffee/service-kit';
import { Module, type DynamicModule } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { CatalogModule } from '../catalog/catalog.module';
import { GatewayConfigModule } from '../config/gateway-config.module';
import type { GatewayConfig } from '../config/gateway.config';
import { HealthModule } from '../health/health.module';
import { LiveModule } from '../live/live.module';
import { MetricsModule } from '../metrics/metrics.module';
import { StatsModule } from '../stats/stats.module';

/** The api-gateway: REST history and catalog, health and metrics, live statistics over socket.io. */
@Module({})
export class AppModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayConfigModule.register(config),
        serviceLoggerModule('api-gateway', config.logLevel),
        MetricsModule,
        CatalogModule,
        StatsModule,
        HealthModule,
        LiveModule,
        AlertsModule,
      ],
    };
  }
}
