// Covers alertsOverTimeline: a whole run's alert events from per-window counts (silence and spike scenarios, default rules).
import { DEFAULT_ALERT_RULES } from './alert-rules';
import { alertsOverTimeline } from './alerts-over-timeline';

const SIZE = 30_000;
const T0 = 40_000 * SIZE;

function timeline(windows: number, count: (branch: string, index: number) => number): Map<string, Map<number, number>> {
  const orders = new Map<string, Map<number, number>>();
  for (const branch of ['a', 'b', 'c', 'd']) {
    const counts = new Map<number, number>();
    for (let i = 0; i < windows; i++) {
      const value = count(branch, i);
      if (value > 0) {
        counts.set(T0 + i * SIZE, value);
      }
    }
    orders.set(branch, counts);
  }
  return orders;
}

const summary = (orders: Map<string, Map<number, number>>): string[] =>
  alertsOverTimeline(DEFAULT_ALERT_RULES, { windowSizeMs: SIZE, label: (start) => String(start) }, orders).map(
    (event) => `${event.rule}:${event.branch}:${event.state}@${(event.windowStart - T0) / SIZE}`,
  );

describe('alertsOverTimeline', () => {
  it('a steady chain raises nothing', () => {
    expect(summary(timeline(60, () => 30))).toEqual([]);
  });

  it('a branch silent for 10 windows: drop at once, silent on the 6th empty window, both end', () => {
    expect(summary(timeline(60, (branch, i) => (branch === 'c' && i >= 30 && i < 40 ? 0 : 30)))).toEqual([
      'drop:c:open@30',
      'silent:c:open@35',
      'silent:c:resolved@40',
      'drop:c:resolved@40',
    ]);
  });

  it('a 5x spike of two windows on one branch: the branch and the chain spike, then resolve', () => {
    expect(summary(timeline(60, (branch, i) => (branch === 'a' && (i === 30 || i === 31) ? 150 : 30)))).toEqual([
      'spike:*:open@30',
      'spike:a:open@30',
      'spike:*:resolved@32',
      'spike:a:resolved@32',
    ]);
  });

  it('nothing for no orders', () => {
    expect(summary(new Map())).toEqual([]);
  });
});
