// Test data builders: windows, REST responses, live bodies (Asia/Seoul datestrings) and a fake socket.
import type { LiveStatisticsBody, StatisticType, StatsWindow } from '@coffee/aggregation';
import type { LiveSocket } from '../api/liveSocket';
import { createLiveSeries } from '../lib/createLiveSeries';
import { DEFAULT_VOCABULARY } from '../lib/defaultVocabulary';
import { resolutionSpec } from '../lib/resolutionSpec';
import type { LiveSeries, StatsResponse } from '../lib/types';

const SEOUL_OFFSET_MS = 9 * 3_600_000;

/** Epoch ms of a Seoul datestring (any precision). */
export const seoulMs = (date: string): number => {
  const d = date.padEnd(14, '0');
  return Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(8, 10), +d.slice(10, 12), +d.slice(12, 14)) - SEOUL_OFFSET_MS;
};

export const win = (date: string, counts: Record<string, number> = {}): StatsWindow => ({
  date,
  start: seoulMs(date),
  counts,
  total: Object.values(counts).reduce((a, b) => a + b, 0),
});

type Series = Partial<Record<StatisticType, StatsWindow[]>>;

export const response = (branch: string, resolution: string, series: Series): StatsResponse => ({ branch, resolution, from: 0, to: 0, series });

/** Same windows (dates) for every type, with the given age-grade counts and matching payments/cups (one cup per order). */
export const uniform = (dates: string[], orders: (i: number) => number = () => 0): Series => ({
  CustomerAgeGrades: dates.map((d, i) => win(d, orders(i) ? { '2030': orders(i) } : {})),
  PaymentMethods: dates.map((d, i) => win(d, orders(i) ? { Cash: orders(i) } : {})),
  Orders: dates.map((d, i) => win(d, orders(i) ? { Americano: orders(i) } : {})),
  OrderSizes: dates.map((d, i) => win(d, orders(i) ? { '1': orders(i) } : {})),
});

export interface BodyInput {
  branch?: string;
  date: string;
  age?: Record<string, number>;
  pay?: Record<string, number>;
  cups?: Record<string, number>;
  sizes?: Record<string, number>;
}

/** One-cup orders, as many as the age grades count (what `uniform` windows hold). */
const oneCupOrders = (age: Record<string, number>): Record<string, number> => {
  const n = Object.values(age).reduce((a, b) => a + b, 0);
  return n > 0 ? { '1': n } : {};
};

export const body = ({ branch = 'jeongja', date, age = {}, pay = {}, cups = {}, sizes = oneCupOrders(age) }: BodyInput): LiveStatisticsBody => ({
  branch,
  date,
  start: seoulMs(date),
  end: seoulMs(date) + 30_000,
  resolution: '30s',
  counts: Object.entries(age).map(([type, count]) => ({ type, count })),
  stats: { CustomerAgeGrades: age, PaymentMethods: pay, Orders: cups, OrderSizes: sizes },
  final: false,
});

/** A live series of `resolution` over `dates`, tracking `snapshot` base windows (coarse resolutions). */
export const series = (resolution: string, dates: string[], orders?: (i: number) => number, snapshot: Series = {}, branch = 'jeongja'): LiveSeries =>
  createLiveSeries({
    response: response(branch, resolution, uniform(dates, orders)),
    snapshot: response(branch, '30s', snapshot),
    spec: resolutionSpec(resolution, 30),
    capacity: dates.length,
    vocabulary: DEFAULT_VOCABULARY,
  });

type Listener = (...args: LiveStatisticsBody[]) => void;

/** In-memory stand-in for a socket.io client socket. */
export class FakeSocket implements LiveSocket {
  connected = false;
  active = true;
  readonly emitted: { event: string; payload: unknown }[] = [];
  private readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  emit(event: string, payload: unknown): this {
    this.emitted.push({ event, payload });
    return this;
  }

  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }

  connectCalls = 0;

  connect(): this {
    this.connectCalls += 1;
    return this;
  }

  disconnect(): this {
    this.connected = false;
    this.active = false;
    return this;
  }

  /** Server side: fire an event at the client. */
  fire(event: string, ...args: LiveStatisticsBody[]): void {
    if (event === 'connect') {
      this.connected = true;
    }
    if (event === 'disconnect') {
      this.connected = false;
    }
    for (const listener of this.listeners.get(event) ?? []) {
      listener(...args);
    }
  }

  subscriptions(): unknown[] {
    return this.emitted.filter((e) => e.event === 'subscribe').map((e) => e.payload);
  }
}
