import type { StatisticType, StatsWindow } from '@coffee/aggregation';
import { Windowing, nominalDurationMs } from '@coffee/aggregation';
import { StatsStore } from '@coffee/stats-store';
import { Inject, Injectable } from '@nestjs/common';
import { HistoryCache, toCachedAnswer, type CachedAnswer } from '../cache/history-cache';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { RedisUnavailableError } from '../http/redis-unavailable.error';
import { GatewayRedis } from '../redis/gateway-redis';
import { parseStatsQuery, type RawQuery, type StatsQuery } from './stats-query.parser';
import { parseWindowParams, type WindowParams } from './window-params.parser';

/** Body of `GET /api/stats`. */
export interface StatsHistoryResponse {
  branch: string;
  resolution: string;
  from: number;
  to: number;
  series: Partial<Record<StatisticType, StatsWindow[]>>;
  /** Present when exactly one type was asked for. */
  type?: StatisticType;
  windows?: StatsWindow[];
}

/** Body of `GET /api/stats/:branch/:date/:type`. */
export interface StoredWindowResponse {
  branch: string;
  date: string;
  type: StatisticType;
  counts: Record<string, number>;
}

/** History and single-window reads for the REST API; parameters validated here, keys built only by the store. */
@Injectable()
export class StatsService {
  constructor(
    private readonly store: StatsStore,
    private readonly windowing: Windowing,
    private readonly redis: GatewayRedis,
    private readonly cache: HistoryCache,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Validates a raw `GET /api/stats` query string. */
  parseQuery(query: RawQuery, now = Date.now()): StatsQuery {
    return parseStatsQuery(query, {
      resolutions: this.windowing.resolutions,
      baseResolution: this.windowing.baseResolution,
      maxWindows: this.config.maxWindows,
      now,
      countWindows: (from, to, resolution) => this.countWindows(from, to, resolution),
    });
  }

  /** Validates `:branch/:date/:type`. */
  parseWindowParams(params: RawQuery): WindowParams {
    return parseWindowParams(params, this.windowing);
  }

  /** The history answer, serialized, shared with identical requests (see {@link HistoryCache}). */
  historyAnswer(query: StatsQuery, now = Date.now()): Promise<CachedAnswer> {
    this.assertReady();
    return this.cache.get(this.cacheKey(query, now), query.branch.stored, now, this.reader(query, now));
  }

  /**
   * The history answer when the cache holds it (exactly what {@link historyAnswer} would resolve to),
   * else undefined: nothing is read, and nothing is answered while Redis is down.
   */
  cachedHistoryAnswer(query: StatsQuery, now = Date.now()): CachedAnswer | undefined {
    return this.redis.ready ? this.cache.peek(this.cacheKey(query, now), query.branch.stored, now, this.reader(query, now)) : undefined;
  }

  async history(query: StatsQuery, now = Date.now()): Promise<StatsHistoryResponse> {
    this.assertReady();
    const base = { branch: query.branch.stored, types: query.types, resolution: query.resolution };
    const series = await this.store.history('last' in query.span ? { ...base, last: query.span.last, now } : { ...base, ...query.span });
    let from: number;
    let to: number;
    if ('last' in query.span) {
      const windows = series[query.types[0]];
      const first = windows[0];
      const last = windows[windows.length - 1];
      from = first?.start ?? now;
      to = last === undefined ? now : this.windowing.parseDatestring(last.date, query.resolution).end;
    } else {
      ({ from, to } = query.span);
    }
    const body: StatsHistoryResponse = { branch: query.branch.client, resolution: query.resolution, from, to, series };
    if (query.types.length === 1) {
      body.type = query.types[0];
      body.windows = series[query.types[0]];
    }
    return body;
  }

  async storedWindow(params: WindowParams): Promise<StoredWindowResponse> {
    this.assertReady();
    const counts = await this.store.readWindow(params.branch.stored, params.date, params.type);
    return { branch: params.branch.client, date: params.date, type: params.type, counts };
  }

  private cacheKey(query: StatsQuery, now: number): string {
    const span = 'last' in query.span ? `last=${query.span.last}@${this.windowing.windowAt(now, query.resolution).start}` : `${query.span.from}..${query.span.to}`;
    return `${query.branch.stored}\u0000${query.types.join(',')}\u0000${query.resolution}\u0000${span}`;
  }

  private reader(query: StatsQuery, now: number): () => Promise<CachedAnswer> {
    return async () => toCachedAnswer(await this.history(query, now));
  }

  /** Windows of `resolution` overlapping [from, to], or Infinity when obviously more than allowed. */
  private countWindows(from: number, to: number, resolution: string): number {
    const nominal = nominalDurationMs(resolution) ?? this.windowing.windowSizeMs;
    // Windows are never shorter than half their nominal length (DST shifts are at most an hour a day).
    if ((to - from) / (nominal / 2) > this.config.maxWindows + 2) {
      return Number.POSITIVE_INFINITY;
    }
    return this.windowing.windowsBetween(from, to, resolution).length;
  }

  private assertReady(): void {
    if (!this.redis.ready) {
      throw new RedisUnavailableError();
    }
  }
}
