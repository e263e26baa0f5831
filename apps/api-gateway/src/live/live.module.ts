import { Module } from '@nestjs/common';
import { HistoryCacheModule } from '../cache/history-cache.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RedisModule } from '../redis/redis.module';
import { StatsModule } from '../stats/stats.module';
import { LegacyProtocolService } from './legacy-protocol.service';
import { LiveClientRegistry } from './live-client-registry';
import { LiveFanoutService } from './live-fanout.service';
import { LiveSubscriptionService } from './live-subscription.service';
import { StatsGateway } from './stats.gateway';

@Module({
  imports: [HistoryCacheModule, RedisModule, MetricsModule, StatsModule],
  providers: [StatsGateway, LiveClientRegistry, LiveFanoutService, LiveSubscriptionService, LegacyProtocolService],
  exports: [LiveClientRegistry, LiveFanoutService],
})
export class LiveModule {}
