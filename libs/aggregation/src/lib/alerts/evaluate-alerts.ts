import { ALL_BRANCHES } from '../contracts';
import type { AlertRuleName, AlertRules, BandRule } from './alert-rules';

/** Orders per base window of one branch (or the chain `*`), read from the stored counts. */
export interface AlertSeries {
  /** Real branch or `*` (the chain). */
  readonly branch: string;
  /**
   * Orders per consecutive base window, oldest first; the last entry is the evaluated window.
   * `undefined` marks a window before the branch's first stored window (no history yet), which is
   * never compared against. Length at least `alertSeriesLength(rules)` for full evaluation.
   */
  readonly counts: readonly (number | undefined)[];
  /** Start (epoch ms) of the newest window before the evaluated one with any order; `undefined` when none is known. */
  readonly lastActiveBeforeMs?: number;
}

/** The base window being evaluated. */
export interface AlertWindowRef {
  /** Start and end (exclusive), epoch ms. */
  readonly start: number;
  readonly end: number;
  /** Datestring of the window (`yyyyMMddHHmmss`). */
  readonly date: string;
}

/** Whether an alert starts (`open`) or ends (`resolved`) at this window. */
export type AlertState = 'open' | 'resolved';

/**
 * One alert event: the condition of `rule` on `branch` started (`open`) or ended (`resolved`) with
 * this window. Exactly one per (rule, branch, window): a window is either where a condition starts
 * or where it ends, never both. The id is deterministic: `<rule>:<branch>:<window start ms>`.
 */
export interface AlertEvent {
  readonly id: string;
  readonly rule: AlertRuleName;
  readonly branch: string;
  readonly state: AlertState;
  /** Window start and end (exclusive), epoch ms, and its datestring. */
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly date: string;
  /** Orders in the window. */
  readonly value: number;
  /** `drop`/`spike`: the band the value was compared with (history median and bounds). */
  readonly expected?: { readonly median: number; readonly lower: number; readonly upper: number };
  /** `silent`: empty windows so far (including this one). */
  readonly silentWindows?: number;
  /** Why a `resolved` event ended the condition: `orders` (back to normal), `chain-quiet`, `expired` (silent longer than the rule looks back). */
  readonly reason?: 'orders' | 'chain-quiet' | 'expired';
}

/** The deterministic id of the alert event of `rule` on `branch` at the window starting at `windowStart` (epoch ms). */
export function alertId(rule: AlertRuleName, branch: string, windowStart: number): string {
  return `${rule}:${branch}:${windowStart}`;
}

/**
 * Alert events for one closed base window, from the stored counts of the chain and each branch:
 * a rule's condition is computed for this window and the one before, and an event is emitted where it
 * changes (`open` when it starts, `resolved` when it ends). Pure and deterministic: the same counts
 * give the same events, so any processor evaluating the window writes the same ids.
 * Events come sorted by branch order given, then rule (`silent`, `drop`, `spike`); the chain gets `drop`/`spike` only.
 */
export function evaluateAlerts(rules: AlertRules, window: AlertWindowRef, windowSizeMs: number, chain: AlertSeries, branches: readonly AlertSeries[]): AlertEvent[] {
  const events: AlertEvent[] = [];
  const all = [chain, ...branches.filter((series) => series.branch !== ALL_BRANCHES)];
  for (const series of all) {
    const value = series.counts.at(-1) ?? 0;
    const base = { branch: series.branch, windowStart: window.start, windowEnd: window.end, date: window.date, value };
    if (rules.silent.enabled && series.branch !== ALL_BRANCHES) {
      const now = silentAt(rules, series, chain, window, windowSizeMs, 0);
      const before = silentAt(rules, series, chain, window, windowSizeMs, 1);
      if (now !== undefined && before === undefined) {
        events.push({ id: alertId('silent', series.branch, window.start), rule: 'silent', state: 'open', ...base, silentWindows: now });
      } else if (now === undefined && before !== undefined) {
        events.push({ id: alertId('silent', series.branch, window.start), rule: 'silent', state: 'resolved', ...base, reason: silentEnd(rules, series, chain) });
      }
    }
    for (const rule of ['drop', 'spike'] as const) {
      const settings = rules[rule];
      if (!settings.enabled) {
        continue;
      }
      const last = series.counts.length - 1;
      const now = bandBreach(settings, rule, series.counts, last);
      const before = bandBreach(settings, rule, series.counts, last - 1);
      if (now !== undefined && before === undefined) {
        events.push({ id: alertId(rule, series.branch, window.start), rule, state: 'open', ...base, expected: now });
      } else if (now === undefined && before !== undefined) {
        const band = bandOf(settings, series.counts, last);
        events.push({ id: alertId(rule, series.branch, window.start), rule, state: 'resolved', ...base, reason: 'orders', ...(band === undefined ? {} : { expected: band }) });
      }
    }
  }
  return events;
}

/** Empty windows so far when the window `back` windows before the evaluated one is silent, else undefined. */
function silentAt(rules: AlertRules, series: AlertSeries, chain: AlertSeries, window: AlertWindowRef, sizeMs: number, back: 0 | 1): number | undefined {
  const { windows, activeWithinWindows, minChainOrders } = rules.silent;
  const index = series.counts.length - 1 - back;
  const lastActive = series.lastActiveBeforeMs;
  if ((series.counts[index] ?? 0) > 0 || lastActive === undefined) {
    return undefined;
  }
  // Windows after the last active one, up to and including the evaluated one.
  const empty = Math.round((window.start - back * sizeMs - lastActive) / sizeMs);
  if (empty < windows || empty > activeWithinWindows - 1) {
    return undefined;
  }
  return chainSum(chain, chain.counts.length - 1 - back, windows) >= minChainOrders ? empty : undefined;
}

function silentEnd(rules: AlertRules, series: AlertSeries, chain: AlertSeries): 'orders' | 'chain-quiet' | 'expired' {
  if ((series.counts.at(-1) ?? 0) > 0) {
    return 'orders';
  }
  return chainSum(chain, chain.counts.length - 1, rules.silent.windows) < rules.silent.minChainOrders ? 'chain-quiet' : 'expired';
}

function chainSum(chain: AlertSeries, index: number, windows: number): number {
  let sum = 0;
  for (let i = Math.max(0, index - windows + 1); i <= index; i++) {
    sum += chain.counts[i] ?? 0;
  }
  return sum;
}

function bandOf(rule: BandRule, counts: readonly (number | undefined)[], index: number): { median: number; lower: number; upper: number } | undefined {
  const from = index - rule.historyWindows;
  if (from < 0 || counts[index] === undefined) {
    return undefined;
  }
  const history: number[] = [];
  for (let i = from; i < index; i++) {
    const count = counts[i];
    if (count === undefined) {
      return undefined;
    }
    history.push(count);
  }
  const median = medianOf(history);
  const mad = medianOf(history.map((count) => Math.abs(count - median)));
  const width = Math.max(rule.madMultiplier * 1.4826 * mad, rule.minRelativeWidth * median);
  return { median, lower: median - width, upper: median + width };
}

function bandBreach(rule: BandRule, name: 'drop' | 'spike', counts: readonly (number | undefined)[], index: number): { median: number; lower: number; upper: number } | undefined {
  const band = bandOf(rule, counts, index);
  const value = counts[index];
  if (band === undefined || value === undefined || band.median < rule.minVolume) {
    return undefined;
  }
  const breached = name === 'drop' ? value < band.lower : value > band.upper;
  return breached ? band : undefined;
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
