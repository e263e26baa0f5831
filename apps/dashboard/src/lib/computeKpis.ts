import { perStatisticType, type StatisticType } from '@coffee/aggregation';
import { rankTotals } from './rankTotals';
import { sumCounts } from './sumCounts';
import type { LiveSeries } from './types';

/** Payment methods that count as card payments. */
export const CARD_METHODS = ['Credit', 'Debit'];

export interface KpiValues {
  orders: number;
  cups: number;
  topCoffee: string | null;
  topCoffeeCups: number;
  /** Share of orders paid by card, 0..1; null without orders. */
  cardShare: number | null;
}

/** A rate and the period it was measured over. */
export interface KpiRate {
  /** Orders per minute. */
  perMinute: number;
  /** Length of the period the rate averages, ms (0: nothing to measure yet). */
  periodMs: number;
}

export interface Kpis {
  /** The base window containing `now` (filling now): its totals so far. */
  current: KpiValues;
  /** Start of that window, epoch ms, and how far into it `now` is, ms. */
  currentStart: number;
  currentElapsedMs: number;
  lastHour: KpiValues;
  /** Orders per minute over the last hour's time that actually elapsed since its first order. */
  rate: KpiRate;
  /** Orders per minute in the last complete base window; null when that window is unknown to the series. */
  lastComplete: { start: number; perMinute: number } | null;
}

type TypeCounts = Partial<Record<StatisticType, Readonly<Record<string, number>>>>;

const sum = (counts: Readonly<Record<string, number>> | undefined): number =>
  Object.values(counts ?? {}).reduce((a, b) => a + b, 0);

const values = (counts: TypeCounts, coffeeOrder: readonly string[]): KpiValues => {
  const payments = counts.PaymentMethods ?? {};
  const paid = sum(payments);
  const top = rankTotals(counts.Orders ?? {}, coffeeOrder)[0];
  return {
    orders: sum(counts.CustomerAgeGrades),
    cups: sum(counts.Orders),
    topCoffee: top && top.total > 0 ? top.category : null,
    topCoffeeCups: top?.total ?? 0,
    cardShare: paid > 0 ? CARD_METHODS.reduce((a, m) => a + (payments[m] ?? 0), 0) / paid : null,
  };
};

/**
 * KPI figures at `now` (epoch ms) from a one-minute series covering the last hour: totals over its
 * windows; orders per minute over the time that actually elapsed from the start of its first window
 * with orders to `now` (never less than one base window), so a pipeline running for 5 minutes reads
 * its real rate, not a 60th of it; the base window filling now (totals so far and how far it is in);
 * and the rate of the last complete base window, never of a half-filled one.
 */
export function computeKpis(lastHour: LiveSeries, windowSizeSeconds: number, now: number): Kpis {
  const coffees = lastHour.vocabulary.Orders;
  const ages = lastHour.windows.CustomerAgeGrades;
  const hour = values(
    perStatisticType((type) => sumCounts(lastHour.windows[type])),
    coffees,
  );
  const windowMs = windowSizeSeconds * 1000;
  const first = ages.find((w) => w.total > 0);
  const periodMs = first ? Math.max(now - first.start, windowMs) : 0;
  const rate: KpiRate = { perMinute: periodMs > 0 ? (hour.orders * 60_000) / periodMs : 0, periodMs };

  const currentStart = Math.floor(now / windowMs) * windowMs;
  const byStart = new Map(Object.values(lastHour.baseTotals).map((t) => [t.start, t.counts]));
  const previousStart = currentStart - windowMs;
  const earliest = Math.min(...byStart.keys());
  // A base window the series has seen since its load (or that the snapshot holds) is known; an absent one
  // after the earliest tracked window had no orders.
  const previous = byStart.get(previousStart) ?? (earliest <= previousStart ? {} : undefined);
  return {
    current: values(byStart.get(currentStart) ?? {}, coffees),
    currentStart,
    currentElapsedMs: now - currentStart,
    lastHour: hour,
    rate,
    lastComplete: previous ? { start: previousStart, perMinute: (sum(previous.CustomerAgeGrades) * 60) / windowSizeSeconds } : null,
  };
}
