import { perStatisticType, STATISTIC_TYPES, Windowing, type StatisticType } from '@coffee/aggregation';
import { DEFAULT_VOCABULARY, StatsStore } from '@coffee/stats-store';
import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { RedisUnavailableError } from '../http/redis-unavailable.error';
import { GatewayRedis } from '../redis/gateway-redis';

/** Body of `GET /api/config`. */
export interface GatewayInfo {
  timeZone: string;
  windowSizeSeconds: number;
  resolutions: string[];
  statisticTypes: StatisticType[];
  vocabulary: Record<StatisticType, string[]>;
  maxWindows: number;
}

/** What clients need to know before asking: settings, vocabularies, branches. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly store: StatsStore,
    private readonly windowing: Windowing,
    private readonly redis: GatewayRedis,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  info(): GatewayInfo {
    return {
      timeZone: this.windowing.timeZone,
      windowSizeSeconds: this.windowing.windowSizeMs / 1000,
      resolutions: [...this.windowing.resolutions],
      statisticTypes: [...STATISTIC_TYPES],
      vocabulary: perStatisticType((type) => [...DEFAULT_VOCABULARY[type]]),
      maxWindows: this.config.maxWindows,
    };
  }

  async branches(): Promise<{ branches: string[] }> {
    if (!this.redis.ready) {
      throw new RedisUnavailableError();
    }
    return { branches: await this.store.branches() };
  }
}
