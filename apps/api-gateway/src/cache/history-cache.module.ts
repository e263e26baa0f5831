import { Module } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { HistoryCache } from './history-cache';

/** One history answer cache per gateway, filled by the REST API and invalidated by the live channel. */
@Module({
  providers: [
    {
      provide: HistoryCache,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => new HistoryCache({ ttlMs: config.historyCacheMs, maxBytes: config.history.cacheBytes, maxEntryBytes: config.history.cacheEntryBytes }),
    },
  ],
  exports: [HistoryCache],
})
export class HistoryCacheModule {}
