import { Module } from '@nestjs/common';
import { HistoryCacheModule } from '../cache/history-cache.module';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { RedisModule } from '../redis/redis.module';
import { HistoryAdmission } from './history-admission';
import { StatsQueryPipe } from './stats-query.pipe';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';
import { WindowParamsPipe } from './window-params.pipe';

@Module({
  imports: [HistoryCacheModule, RedisModule],
  controllers: [StatsController],
  providers: [
    StatsService,
    StatsQueryPipe,
    WindowParamsPipe,
    {
      provide: HistoryAdmission,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => new HistoryAdmission(config.history),
    },
  ],
  // Socket history (src/live) reads through StatsService too, under the same admission control.
  exports: [StatsService, HistoryAdmission],
})
export class StatsModule {}
