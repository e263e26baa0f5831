import { ALL_BRANCHES } from '../contracts';
import { alertSeriesLength, type AlertRules } from './alert-rules';
import { evaluateAlerts, type AlertEvent, type AlertSeries } from './evaluate-alerts';

/** Options of {@link alertsOverTimeline}. */
export interface AlertTimelineOptions {
  /** Base window size, ms. */
  readonly windowSizeMs: number;
  /** Datestring of the base window starting at `start` (epoch ms). */
  readonly label: (start: number) => string;
}

/**
 * Every alert event a run over these counts must produce: each base window from the first to the
 * last one holding any order (of any branch) is evaluated in turn with {@link evaluateAlerts},
 * a branch's windows before its first order count as "no history". `orders` maps branch (and
 * `*`, the chain; computed from the branches when absent) → window start (epoch ms) → orders.
 * Used as ground truth by the generator's scenarios.
 */
export function alertsOverTimeline(rules: AlertRules, options: AlertTimelineOptions, orders: ReadonlyMap<string, ReadonlyMap<number, number>>): AlertEvent[] {
  const size = options.windowSizeMs;
  const branches = [...orders.keys()].filter((branch) => branch !== ALL_BRANCHES).sort();
  const chain = orders.get(ALL_BRANCHES) ?? sumBranches(orders, branches);
  const starts = [...chain.keys()];
  if (starts.length === 0) {
    return [];
  }
  const first = Math.min(...starts);
  const last = Math.max(...starts);
  const length = alertSeriesLength(rules);
  const firstOf = new Map<string, number>();
  for (const branch of [ALL_BRANCHES, ...branches]) {
    const keys = [...(branch === ALL_BRANCHES ? chain : (orders.get(branch) ?? new Map<number, number>())).keys()];
    if (keys.length > 0) {
      firstOf.set(branch, Math.min(...keys));
    }
  }
  const lastActive = new Map<string, number>();
  const events: AlertEvent[] = [];
  for (let start = first; start <= last; start += size) {
    const seriesOf = (branch: string): AlertSeries => {
      const counts = branch === ALL_BRANCHES ? chain : (orders.get(branch) ?? new Map<number, number>());
      const firstStart = firstOf.get(branch);
      const values: (number | undefined)[] = [];
      for (let i = length - 1; i >= 0; i--) {
        const at = start - i * size;
        values.push(firstStart === undefined || at < firstStart ? undefined : (counts.get(at) ?? 0));
      }
      const before = lastActive.get(branch);
      return before === undefined ? { branch, counts: values } : { branch, counts: values, lastActiveBeforeMs: before };
    };
    const window = { start, end: start + size, date: options.label(start) };
    events.push(...evaluateAlerts(rules, window, size, seriesOf(ALL_BRANCHES), branches.map(seriesOf)));
    for (const branch of branches) {
      if ((orders.get(branch)?.get(start) ?? 0) > 0) {
        lastActive.set(branch, start);
      }
    }
  }
  return events;
}

function sumBranches(orders: ReadonlyMap<string, ReadonlyMap<number, number>>, branches: readonly string[]): Map<number, number> {
  const chain = new Map<number, number>();
  for (const branch of branches) {
    for (const [start, count] of orders.get(branch) ?? []) {
      chain.set(start, (chain.get(start) ?? 0) + count);
    }
  }
  return chain;
}
