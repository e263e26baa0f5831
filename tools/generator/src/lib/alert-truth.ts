import { alertsOverTimeline, type AlertRules } from '@coffee/aggregation';
import type { CoffeeOrder } from '@coffee/order-schema';
import { WindowLabeler } from './window-labeler';

/** One alert event a scenario run must produce, as listed in the truth file. */
export interface TruthAlert {
  id: string;
  rule: string;
  branch: string;
  state: 'open' | 'resolved';
  date: string;
  windowStart: number;
}

/**
 * Orders per branch and base window of what was written, and the alert events the processors must
 * write for them: the rules of `@coffee/aggregation` run over the whole timeline. (Unlike the count
 * truth this uses the library on purpose: what is checked is that the pipeline writes each of these
 * events exactly once, whatever the processors, restarts and replays.)
 */
export class AlertTruth {
  private readonly counts = new Map<string, Map<number, number>>();
  private readonly sizeMs: number;

  constructor(
    private readonly timeZone: string,
    windowSizeSeconds: number,
  ) {
    this.sizeMs = windowSizeSeconds * 1000;
  }

  add(order: CoffeeOrder): void {
    const t = order.timestamp;
    if (t === undefined) {
      throw new Error('alert truth needs orders with a timestamp');
    }
    const start = Math.floor(t / this.sizeMs) * this.sizeMs;
    let branch = this.counts.get(order.branch);
    if (branch === undefined) {
      branch = new Map();
      this.counts.set(order.branch, branch);
    }
    branch.set(start, (branch.get(start) ?? 0) + 1);
  }

  alerts(rules: AlertRules): TruthAlert[] {
    const labeler = new WindowLabeler(this.timeZone);
    return alertsOverTimeline(rules, { windowSizeMs: this.sizeMs, label: (start) => labeler.label(start) }, this.counts).map((event) => ({
      id: event.id,
      rule: event.rule,
      branch: event.branch,
      state: event.state,
      date: event.date,
      windowStart: event.windowStart,
    }));
  }
}
