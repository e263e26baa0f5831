import type { StatisticType, StatsWindow } from '@coffee/aggregation';
import { Windowing, nominalDurationMs } from '@coffee/aggregation';
import { StatsStore, type HistoryQuery, type HistoryResult, type StoreWindowRange } from '@coffee/stats-store';
import { Inject, Injectable } from '@nestjs/common';
import { HistoryCache, toCachedAnswer, type CachedAnswer } from '../cache/history-cache';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { RedisUnavailableError } from '../http/redis-unavailable.error';
import { GatewayRedis } from '../redis/gateway-redis';
import type { HistoryAdmissionError } from '../http/history-admission.error';
import { HistoryAdmission, type ReleaseSlot } from './history-admission';
import { encodeHistory, HISTORY_CONTENT_TYPES, type HistoryFormat, type HistoryStreamPlan } from './history-stream.encoder';
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

/** A streamed history answer holding an admission slot until {@link HistoryStream.close} (or the end of its chunks). */
export interface HistoryStream {
  contentType: string;
  format: HistoryFormat;
  /** The answer's text, page by page; the slot is freed when it ends, fails or is abandoned. */
  chunks: AsyncIterable<string>;
  /** Frees the slot (idempotent); call it when the chunks are not (or no longer) consumed. */
  close(): void;
}

/** History and single-window reads for the REST API; parameters validated here, keys built only by the store. */
@Injectable()
export class StatsService {
  constructor(
    private readonly store: StatsStore,
    private readonly windowing: Windowing,
    private readonly redis: GatewayRedis,
    private readonly cache: HistoryCache,
    private readonly admission: HistoryAdmission,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Windows of each parsed range query, counted while parsing. */
  private readonly rangeWindows = new WeakMap<StatsQuery, number>();

  /** Validates a raw `GET /api/stats` query string. */
  parseQuery(query: RawQuery, now = Date.now()): StatsQuery {
    let windows: number | undefined;
    const parsed = parseStatsQuery(query, {
      resolutions: this.windowing.resolutions,
      baseResolution: this.windowing.baseResolution,
      maxWindows: this.config.maxWindows,
      now,
      countWindows: (from, to, resolution) => (windows = this.countWindows(from, to, resolution)),
    });
    if (windows !== undefined) {
      // Counting a range enumerates its windows: done once per request, not again for the budget and the lane.
      this.rangeWindows.set(parsed, windows);
    }
    return parsed;
  }

  /** Validates `:branch/:date/:type`. */
  parseWindowParams(params: RawQuery): WindowParams {
    return parseWindowParams(params, this.windowing);
  }

  /** Windows × types a query asks for (Infinity when obviously beyond every limit). */
  cells(query: StatsQuery): number {
    return this.windowCount(query) * query.types.length;
  }

  /** Whether the query's JSON answer is larger than one page: then it is streamed (never cached) instead of sent whole. */
  streams(query: StatsQuery): boolean {
    return this.cells(query) > this.config.history.pageCells;
  }

  /**
   * The history answer, serialized, shared with identical requests (see {@link HistoryCache}).
   * A read not answered from the cache or a read in flight takes an admission slot.
   * @throws HistoryAdmissionError `OVER_BUDGET`, `OVERLOADED`.
   */
  historyAnswer(query: StatsQuery, now = Date.now()): Promise<CachedAnswer> {
    this.checkBudget(query);
    this.assertReady();
    return this.cache.get(this.cacheKey(query, now), query.branch.stored, now, async () =>
      toCachedAnswer(await this.admission.run(this.cells(query), () => this.readHistory(query, now))),
    );
  }

  /**
   * The history answer when the cache holds it (exactly what {@link historyAnswer} would resolve to),
   * else undefined: nothing is read, and nothing is answered while Redis is down.
   */
  cachedHistoryAnswer(query: StatsQuery, now = Date.now()): CachedAnswer | undefined {
    if (!this.redis.ready || (query.format !== undefined && query.format !== 'json')) {
      return undefined;
    }
    return this.cache.peek(this.cacheKey(query, now), query.branch.stored, now, async () =>
      toCachedAnswer(await this.admission.run(this.cells(query), () => this.readHistory(query, now))),
    );
  }

  /**
   * For the cached-answer fast path: the `OVER_BUDGET` refusal of a query over the budget, else the
   * cached answer of a raw query, else the refusal its read would get now (see {@link overloadRefusal}),
   * else undefined (Nest answers). Throws as {@link parseQuery} does.
   */
  fastAnswer(raw: RawQuery, now = Date.now()): CachedAnswer | HistoryAdmissionError | undefined {
    const query = this.parseQuery(raw, now);
    return this.budgetRefusal(query) ?? this.cachedHistoryAnswer(query, now) ?? this.overloadRefusal(query);
  }

  /**
   * The `OVERLOADED` error a read of this (within-budget) query would get right now (its lane's slots
   * and queue full), else undefined; undefined while Redis is down (that gets its own answer). Counted
   * as refused when returned.
   */
  private overloadRefusal(query: StatsQuery): HistoryAdmissionError | undefined {
    return this.redis.ready ? this.admission.refusal(this.cells(query)) : undefined;
  }

  /**
   * The history answer as an object, for callers that build their own packets (socket history):
   * budget checked, read in an admission slot, not cached. Memory grows with the answer: prefer
   * {@link openHistoryStream} for large ones.
   * @throws HistoryAdmissionError `OVER_BUDGET`, `OVERLOADED`; StatsStoreError; RedisUnavailableError.
   */
  async history(query: StatsQuery, now = Date.now()): Promise<StatsHistoryResponse> {
    this.checkBudget(query);
    this.assertReady();
    return this.admission.run(this.cells(query), () => this.readHistory(query, now));
  }

  /**
   * Opens a streamed answer: validates and checks the budget, waits for an admission slot (so an
   * overload is thrown before anything is sent), then yields the answer page by page
   * (`HISTORY_PAGE_CELLS` cells per Redis round trip). The slot is held until the chunks end or
   * {@link HistoryStream.close} is called.
   * @throws HistoryAdmissionError `OVER_BUDGET`, `OVERLOADED`; StatsStoreError; RedisUnavailableError.
   */
  async openHistoryStream(query: StatsQuery, format: HistoryFormat, now = Date.now()): Promise<HistoryStream> {
    this.checkBudget(query);
    this.assertReady();
    // A slot first: a refused request costs no window enumeration.
    const release: ReleaseSlot = await this.admission.acquire(this.cells(query));
    let windows: readonly StoreWindowRange[];
    try {
      windows = this.store.historyWindows(this.storeQuery(query, now));
    } catch (error) {
      release();
      throw error;
    }
    const plan: HistoryStreamPlan<StoreWindowRange> = {
      branch: query.branch.client,
      resolution: query.resolution,
      ...this.answerSpan(query, windows, now),
      types: query.types,
      windows,
      pageWindows: Math.max(1, this.config.history.pageCells),
      format,
    };
    const store = this.store;
    const admission = this.admission;
    const branch = query.branch.stored;
    async function* chunks(): AsyncGenerator<string> {
      const pages = encodeHistory(plan, (type, page) => store.readWindows(branch, type, page));
      try {
        for (;;) {
          // Each page is read and encoded in a turn shared by every streamed answer (HISTORY_PAGES_AT_ONCE).
          const endTurn = await admission.pageTurn();
          let step: IteratorResult<string>;
          try {
            step = await pages.next();
          } finally {
            endTurn();
          }
          if (step.done === true) {
            return;
          }
          yield step.value;
        }
      } finally {
        await pages.return(undefined);
        release();
      }
    }
    return { contentType: HISTORY_CONTENT_TYPES[format], format, chunks: chunks(), close: release };
  }

  private async readHistory(query: StatsQuery, now: number): Promise<StatsHistoryResponse> {
    const series = this.cells(query) > this.config.history.pageCells ? await this.readPages(query, now) : await this.store.history(this.storeQuery(query, now));
    const windows = series[query.types[0]];
    const span = this.answerSpan(query, windows, now);
    const body: StatsHistoryResponse = { branch: query.branch.client, resolution: query.resolution, ...span, series };
    if (query.types.length === 1) {
      body.type = query.types[0];
      body.windows = windows;
    }
    return body;
  }

  /**
   * A history of more than one page (socket history), read as a streamed answer is: page by page
   * (`HISTORY_PAGE_CELLS` cells per round trip), each page in a turn shared with the streamed answers,
   * so a large socket read does not hold the event loop for its whole answer at once.
   */
  private async readPages(query: StatsQuery, now: number): Promise<HistoryResult> {
    const windows = this.store.historyWindows(this.storeQuery(query, now));
    const series = {} as HistoryResult;
    for (const type of query.types) {
      series[type] = await this.readPaged(query.branch.stored, type, windows, (page) => page);
    }
    return series;
  }

  /**
   * Reads `windows` of one type of a (stored) branch page by page (`HISTORY_PAGE_CELLS` windows per
   * round trip), each page read and turned by `map` in a turn shared with the streamed answers
   * (`HISTORY_PAGES_AT_ONCE`), so a large read never holds the event loop for its whole answer at once.
   * Takes no admission slot: the caller holds one.
   */
  async readPaged<T>(branch: string, type: StatisticType, windows: readonly StoreWindowRange[], map: (page: StatsWindow[]) => T[]): Promise<T[]> {
    const pageWindows = Math.max(1, this.config.history.pageCells);
    const read: T[] = [];
    for (let at = 0; at < windows.length; at += pageWindows) {
      const endTurn = await this.admission.pageTurn();
      try {
        read.push(...map(await this.store.readWindows(branch, type, windows.slice(at, at + pageWindows))));
      } finally {
        endTurn();
      }
    }
    return read;
  }

  private storeQuery(query: StatsQuery, now: number): HistoryQuery {
    const base = { branch: query.branch.stored, types: query.types, resolution: query.resolution };
    return 'last' in query.span ? { ...base, last: query.span.last, now } : { ...base, ...query.span };
  }

  /** `from`/`to` of an answer: for `last=N` the first window's start and the last window's end; for a range, as asked. */
  private answerSpan(query: StatsQuery, windows: readonly { date: string; start: number }[], now: number): { from: number; to: number } {
    if (!('last' in query.span)) {
      return { from: query.span.from, to: query.span.to };
    }
    const first = windows[0];
    const last = windows[windows.length - 1];
    return {
      from: first?.start ?? now,
      to: last === undefined ? now : this.windowing.parseDatestring(last.date, query.resolution).end,
    };
  }

  /** The `OVER_BUDGET` error the query gets (answered 400, after the refusal delay), or undefined within the budget. */
  private budgetRefusal(query: StatsQuery): HistoryAdmissionError | undefined {
    return this.admission.overBudget(this.windowCount(query), query.types.length, 'last' in query.span ? 'last' : 'from');
  }

  private checkBudget(query: StatsQuery): void {
    const error = this.budgetRefusal(query);
    if (error !== undefined) {
      throw error;
    }
  }

  private windowCount(query: StatsQuery): number {
    if ('last' in query.span) {
      return query.span.last;
    }
    let windows = this.rangeWindows.get(query);
    if (windows === undefined) {
      windows = this.countWindows(query.span.from, query.span.to, query.resolution);
      this.rangeWindows.set(query, windows);
    }
    return windows;
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

  /** Windows of `resolution` overlapping [from, to], or Infinity when obviously more than allowed. */
  private countWindows(from: number, to: number, resolution: string): number {
    const nominal = nominalDurationMs(resolution) ?? this.windowing.windowSizeMs;
    // Windows are never longer than twice their nominal length (DST shifts are at most an hour a day), so
    // this is a lower bound of the count; below it, enumerating costs at most about 4 × maxWindows windows.
    if ((to - from) / (nominal * 2) > this.config.maxWindows + 2) {
      return Number.POSITIVE_INFINITY;
    }
    // Enumerating 10,000 windows costs 50-200 ms of CPU, per request: windows of their nominal length tile
    // time, so away from DST transitions the count is arithmetic. A fall-back inside the range makes it
    // overcount (the repeated hour's windows are counted twice), so a count over the limit is settled by
    // enumeration; a transition whose shift is not a whole number of windows falls back to it too.
    const first = this.windowing.windowAt(from, resolution);
    const last = this.windowing.windowAt(to, resolution);
    const span = last.start - first.start;
    if (first.end - first.start === nominal && last.end - last.start === nominal && span % nominal === 0 && span / nominal < this.config.maxWindows) {
      return span / nominal + 1;
    }
    return this.windowing.windowsBetween(from, to, resolution).length;
  }

  private assertReady(): void {
    if (!this.redis.ready) {
      throw new RedisUnavailableError();
    }
  }
}
