import { Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module';
import { RedisModule } from '../redis/redis.module';
import { StatsModule } from '../stats/stats.module';
import { ALERTS_API_CONFIG, loadAlertsApiConfig } from './alerts-api.config';
import { AlertsLiveRelay } from './alerts-live.relay';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';

/** `GET /api/alerts`, `GET /api/top` and the live `alert` socket.io event. */
@Module({
  imports: [RedisModule, LiveModule, StatsModule],
  controllers: [AlertsController],
  providers: [{ provide: ALERTS_API_CONFIG, useFactory: () => loadAlertsApiConfig() }, AlertsService, AlertsLiveRelay],
})
export class AlertsModule {}
