// Covers pairAlertEvents (open/resolved events → alerts, any arrival order) and rankCategories (top-N with ties by name), table-driven.
import type { AlertEvent } from './evaluate-alerts';
import { pairAlertEvents } from './pair-alert-events';
import { rankCategories } from './rank-categories';

const ev = (rule: AlertEvent['rule'], branch: string, at: number, state: AlertEvent['state']): AlertEvent => ({
  id: `${rule}:${branch}:${at}`,
  rule,
  branch,
  state,
  windowStart: at,
  windowEnd: at + 30,
  date: String(at),
  value: 0,
});

describe('pairAlertEvents', () => {
  it.each<[string, AlertEvent[], string[]]>([
    ['nothing', [], []],
    ['an open alert', [ev('silent', 'a', 10, 'open')], ['silent:a:10 open']],
    ['opened then resolved, given in reverse', [ev('silent', 'a', 40, 'resolved'), ev('silent', 'a', 10, 'open')], ['silent:a:10 resolved@40']],
    [
      'two alerts of one rule and branch, the second still open',
      [ev('spike', 'a', 10, 'open'), ev('spike', 'a', 20, 'resolved'), ev('spike', 'a', 50, 'open')],
      ['spike:a:50 open', 'spike:a:10 resolved@20'],
    ],
    ['rules and branches apart', [ev('drop', 'a', 10, 'open'), ev('spike', 'a', 10, 'open'), ev('drop', 'b', 20, 'resolved')], ['drop:a:10 open', 'spike:a:10 open']],
    ['a resolve whose open was trimmed is left out', [ev('drop', 'a', 20, 'resolved'), ev('drop', 'a', 30, 'open')], ['drop:a:30 open']],
  ])('%s', (_name, events, expected) => {
    expect(pairAlertEvents(events).map((r) => `${r.id} ${r.state}${r.resolved === undefined ? '' : `@${r.resolved.windowStart}`}`)).toEqual(expected);
  });
});

describe('rankCategories', () => {
  it.each<[string, Record<string, number>, number, string[]]>([
    ['highest first', { Espresso: 3, Americano: 9, Mocha: 5 }, 3, ['1 Americano 9', '2 Mocha 5', '3 Espresso 3']],
    ['ties by name', { b: 4, c: 4, a: 4, d: 1 }, 3, ['1 a 4', '2 b 4', '3 c 4']],
    ['zeros left out', { a: 0, b: 2 }, 3, ['1 b 2']],
    ['n larger than the categories', { a: 1 }, 10, ['1 a 1']],
    ['n of 0', { a: 1 }, 0, []],
  ])('%s', (_name, counts, n, expected) => {
    expect(rankCategories(counts, n).map((r) => `${r.rank} ${r.name} ${r.count}`)).toEqual(expected);
  });
});
