import type { StatisticType } from '@coffee/aggregation';
import { rankTotals } from './rankTotals';
import { sumCounts } from './sumCounts';
import type { LiveSeries } from './types';

/** Payment methods that count as card payments. */
export const CARD_METHODS = ['Credit', 'Debit'];

export interface KpiValues {
  orders: number;
  cups: number;
  ordersPerMinute: number;
  topCoffee: string | null;
  topCoffeeCups: number;
  /** Share of orders paid by card, 0..1; null without orders. */
  cardShare: number | null;
}

export interface Kpis {
  /** The newest base window (the one filling now). */
  current: KpiValues;
  currentDate: string | null;
  lastHour: KpiValues;
}

type TypeCounts = Partial<Record<StatisticType, Readonly<Record<string, number>>>>;

const sum = (counts: Readonly<Record<string, number>> | undefined): number =>
  Object.values(counts ?? {}).reduce((a, b) => a + b, 0);

const values = (counts: TypeCounts, minutes: number, coffeeOrder: readonly string[]): KpiValues => {
  const orders = sum(counts.CustomerAgeGrades);
  const payments = counts.PaymentMethods ?? {};
  const paid = sum(payments);
  const top = rankTotals(counts.Orders ?? {}, coffeeOrder)[0];
  return {
    orders,
    cups: sum(counts.Orders),
    ordersPerMinute: minutes > 0 ? orders / minutes : 0,
    topCoffee: top && top.total > 0 ? top.category : null,
    topCoffeeCups: top?.total ?? 0,
    cardShare: paid > 0 ? CARD_METHODS.reduce((a, m) => a + (payments[m] ?? 0), 0) / paid : null,
  };
};

/**
 * KPI figures from a one-minute series covering the last hour: totals over its windows, and the
 * newest base window it tracks (orders per minute extrapolated from the window length).
 */
export function computeKpis(lastHour: LiveSeries, windowSizeSeconds: number): Kpis {
  const coffees = lastHour.vocabulary.Orders;
  const hourCounts: TypeCounts = {
    CustomerAgeGrades: sumCounts(lastHour.windows.CustomerAgeGrades),
    PaymentMethods: sumCounts(lastHour.windows.PaymentMethods),
    Orders: sumCounts(lastHour.windows.Orders),
  };
  const currentDate = Object.keys(lastHour.baseTotals).sort().pop() ?? null;
  const current = currentDate ? lastHour.baseTotals[currentDate].counts : {};
  return {
    current: values(current, windowSizeSeconds / 60, coffees),
    currentDate,
    lastHour: values(hourCounts, lastHour.windows.CustomerAgeGrades.length * (lastHour.spec.durationMs / 60_000), coffees),
  };
}
