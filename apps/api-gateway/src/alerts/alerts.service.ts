import { nominalDurationMs, pairAlertEvents, rankCategories, Windowing, type AlertEvent, type AlertRecord, type RankedCategory } from '@coffee/aggregation';
import { RedisKeys } from '@coffee/redis-io';
import { StatsStore } from '@coffee/stats-store';
import { Inject, Injectable } from '@nestjs/common';
import { HistoryCache, toPrecompressedAnswer, type CachedAnswer } from '../cache/history-cache';
import { RedisUnavailableError } from '../http/redis-unavailable.error';
import { GatewayRedis } from '../redis/gateway-redis';
import type { HistoryAdmissionError } from '../http/history-admission.error';
import { HistoryAdmission } from '../stats/history-admission';
import { StatsService } from '../stats/stats.service';
import { toClientBranch } from '../stats/stat-params';
import { ALERTS_API_CONFIG, type AlertsApiConfig } from './alerts-api.config';
import { parseAlertsQuery, parseTopQuery, type AlertsQuery, type RawQuery, type TopQuery } from './alerts-query.parser';

/** Body of `GET /api/alerts`. */
export interface AlertsResponse {
  /** Newest first; branch `all` is the chain. */
  alerts: AlertRecord[];
  /** True when more alerts matched than `limit`. */
  truncated: boolean;
}

/** Body of `GET /api/top`. */
export interface TopResponse {
  branch: string;
  type: string;
  resolution: string;
  n: number;
  from: number;
  to: number;
  /** Every window of the range, oldest first, with its top `n` categories (ties by name). */
  windows: { date: string; start: number; total: number; top: RankedCategory[] }[];
}

/** Alerts from the alerts stream (paired at read time) and top-N rankings from the stored hashes. */
@Injectable()
export class AlertsService {
  /**
   * Serialized answers (JSON, ETag, gzip made once), so a cached answer costs no serialization; the
   * history cache's mechanism: bounded by bytes (a 24 h answer is about 550 kB), identical reads in
   * flight shared. Not invalidated by live updates: an answer lives `TOP_CACHE_MS`.
   */
  private readonly topCache: HistoryCache;

  constructor(
    private readonly redis: GatewayRedis,
    private readonly keys: RedisKeys,
    private readonly store: StatsStore,
    private readonly windowing: Windowing,
    private readonly admission: HistoryAdmission,
    private readonly stats: StatsService,
    @Inject(ALERTS_API_CONFIG) private readonly config: AlertsApiConfig,
  ) {
    this.topCache = new HistoryCache({ ttlMs: config.topCacheMs, maxBytes: config.topCacheBytes, maxEntryBytes: config.topCacheBytes });
  }

  parseAlerts(raw: RawQuery): AlertsQuery {
    return parseAlertsQuery(raw, this.config);
  }

  parseTop(raw: RawQuery, now = Date.now()): TopQuery {
    return parseTopQuery(raw, this.config, {
      resolutions: this.windowing.resolutions,
      baseResolution: this.windowing.baseResolution,
      now,
      windowMs: (resolution) => nominalDurationMs(resolution) ?? this.windowing.windowSizeMs,
    });
  }

  async alerts(query: AlertsQuery): Promise<AlertsResponse> {
    this.assertReady();
    const entries = await this.redis.commands.xrevrange(this.keys.alertsStream, '+', '-', 'COUNT', this.config.maxEventsRead);
    const events: AlertEvent[] = [];
    for (const [, fields] of entries) {
      const json = fields[fields.indexOf('alert') + 1];
      const event = json === undefined ? undefined : parseEvent(json);
      if (event !== undefined) {
        events.push(event);
      }
    }
    const from = query.from ?? Number.NEGATIVE_INFINITY;
    const to = query.to ?? Number.POSITIVE_INFINITY;
    const matching = pairAlertEvents(events).filter(
      (alert) =>
        (query.branch === undefined || alert.branch === query.branch.stored) &&
        (query.rule === undefined || alert.rule === query.rule) &&
        (query.state === undefined || alert.state === query.state) &&
        alert.windowStart <= to &&
        (alert.resolved?.windowStart ?? Number.POSITIVE_INFINITY) > from,
    );
    return {
      alerts: matching.slice(0, query.limit).map((alert) => ({ ...alert, branch: toClientBranch(alert.branch) })),
      truncated: matching.length > query.limit,
    };
  }

  /** The ranking per window, serialized, reused for `TOP_CACHE_MS` by identical queries (same windows). */
  topAnswer(query: TopQuery, now = Date.now()): Promise<CachedAnswer> {
    this.assertReady();
    return this.topCache.get(this.topKey(query), query.branch.stored, now, () => this.readTop(query));
  }

  /**
   * For the cached-answer fast path: the cached answer of a raw `GET /api/top` query (exactly what
   * {@link topAnswer} would resolve to), else the `OVERLOADED` refusal its read would get now (counted
   * as refused), else undefined (Nest answers: a read, or Redis down). Throws as {@link parseTop} does.
   */
  fastTopAnswer(raw: RawQuery, now = Date.now()): CachedAnswer | HistoryAdmissionError | undefined {
    const query = this.parseTop(raw, now);
    if (!this.redis.ready) {
      return undefined;
    }
    return this.topCache.peek(this.topKey(query), query.branch.stored, now, () => this.readTop(query)) ?? this.admission.refusal(this.topWindows(query));
  }

  /** Top-N answers held, and their bytes (JSON counted twice: text and gzip). */
  get cachedTopAnswers(): { entries: number; bytes: number } {
    return this.topCache.size;
  }

  private async readTop(query: TopQuery): Promise<CachedAnswer> {
    // An uncached ranking is a history read: it takes a slot under the same admission control as REST and socket history,
    // and is read and ranked page by page (HISTORY_PAGE_CELLS windows per turn), so 2,880 windows never hold the event loop at once.
    const branch = query.branch.stored;
    const ranked = await this.admission.run(this.topWindows(query), async () => {
      const windows = this.store.historyWindows({ branch, types: [query.type], resolution: query.resolution, from: query.from, to: query.to });
      return this.stats.readPaged(branch, query.type, windows, (page) =>
        page.map((window) => ({ date: window.date, start: window.start, total: window.total, top: rankCategories(window.counts, query.n) })),
      );
    });
    // `from`/`to` name the windows covered (first window's start, last window's end − 1 ms), not the instants asked:
    // queries for the same windows share one cached answer, so the answer must not echo one caller's exact bounds.
    const covered = this.coveredRange(query);
    const body: TopResponse = { branch: query.branch.client, type: query.type, resolution: query.resolution, n: query.n, from: covered.from, to: covered.to, windows: ranked };
    // Compressed once, off the event loop, before it is first sent or cached.
    return toPrecompressedAnswer(body);
  }

  private topKey(query: TopQuery): string {
    const first = this.windowing.windowAt(query.from, query.resolution).start;
    const last = this.windowing.windowAt(query.to, query.resolution).start;
    return `${query.branch.stored}\u0000${query.type}\u0000${query.resolution}\u0000${query.n}\u0000${first}\u0000${last}`;
  }

  /** The instants the windows of a top-N query span: first window's start to last window's end − 1 ms. */
  private coveredRange(query: TopQuery): { from: number; to: number } {
    return { from: this.windowing.windowAt(query.from, query.resolution).start, to: this.windowing.windowAt(query.to, query.resolution).end - 1 };
  }

  /** Windows a top-N read covers (nominal: its admission lane and cost). */
  private topWindows(query: TopQuery): number {
    const first = this.windowing.windowAt(query.from, query.resolution).start;
    const last = this.windowing.windowAt(query.to, query.resolution).start;
    return Math.floor((last - first) / (nominalDurationMs(query.resolution) ?? this.windowing.windowSizeMs)) + 1;
  }

  private assertReady(): void {
    if (!this.redis.ready) {
      throw new RedisUnavailableError();
    }
  }
}

/** An alert event from its stream JSON; undefined for anything else (never trusted blindly). */
export function parseEvent(json: string): AlertEvent | undefined {
  try {
    const value = JSON.parse(json) as Partial<AlertEvent>;
    const ok =
      typeof value.id === 'string' &&
      (value.rule === 'silent' || value.rule === 'drop' || value.rule === 'spike') &&
      typeof value.branch === 'string' &&
      (value.state === 'open' || value.state === 'resolved') &&
      typeof value.windowStart === 'number' &&
      typeof value.windowEnd === 'number' &&
      typeof value.date === 'string' &&
      typeof value.value === 'number';
    return ok ? (value as AlertEvent) : undefined;
  } catch {
    return undefined;
  }
}
