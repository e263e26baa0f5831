import { Module } from '@nestjs/common';
import { HistoryCacheModule } from '../cache/history-cache.module';
import { RedisModule } from '../redis/redis.module';
import { StatsQueryPipe } from './stats-query.pipe';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';
import { WindowParamsPipe } from './window-params.pipe';

@Module({
  imports: [HistoryCacheModule, RedisModule],
  controllers: [StatsController],
  providers: [StatsService, StatsQueryPipe, WindowParamsPipe],
})
export class StatsModule {}
