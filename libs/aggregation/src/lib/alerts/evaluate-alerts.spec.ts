// Covers the pure alert rules: silent / drop / spike opening and resolving at their edges (no history, quiet hours, exactly N windows).
import { parseAlertRules, type AlertRules } from './alert-rules';
import { evaluateAlerts, type AlertSeries } from './evaluate-alerts';

const SIZE = 30_000;
const W = 1_000 * SIZE;
const window = { start: W, end: W + SIZE, date: 'd' };
const rules: AlertRules = parseAlertRules({
  silent: { windows: 3, activeWithinWindows: 6, minChainOrders: 1 },
  drop: { historyWindows: 4, madMultiplier: 4, minRelativeWidth: 0.5, minVolume: 10 },
  spike: { historyWindows: 4, madMultiplier: 4, minRelativeWidth: 0.5, minVolume: 10 },
});
const busyChain: AlertSeries = { branch: '*', counts: [100, 100, 100, 100, 100, 100] };
const u = undefined;

type Case = [string, AlertSeries, AlertSeries, string[]];

describe('evaluateAlerts', () => {
  it.each<Case>([
    ['no history yet: nothing, however extreme', { branch: 'a', counts: [u, u, u, u, 20, 500] }, busyChain, []],
    ['history one window short: nothing', { branch: 'a', counts: [u, u, 20, 20, 20, 500] }, busyChain, []],
    ['history complete: spike opens', { branch: 'a', counts: [u, 20, 20, 20, 20, 500] }, busyChain, ['spike:a:open']],
    ['spike continues: nothing new', { branch: 'a', counts: [20, 20, 20, 20, 500, 500] }, busyChain, []],
    ['spike ends: resolved', { branch: 'a', counts: [20, 20, 20, 20, 500, 20] }, busyChain, ['spike:a:resolved']],
    ['just inside the band (median 20 + 50 %): nothing', { branch: 'a', counts: [20, 20, 20, 20, 20, 30] }, busyChain, []],
    ['just above the band: spike', { branch: 'a', counts: [20, 20, 20, 20, 20, 31] }, busyChain, ['spike:a:open']],
    ['quiet hour (median under minimum volume): nothing', { branch: 'a', counts: [9, 9, 9, 9, 9, 200] }, busyChain, []],
    ['drop opens', { branch: 'a', counts: [20, 20, 20, 20, 20, 9] }, busyChain, ['drop:a:open']],
    ['drop ends', { branch: 'a', counts: [20, 20, 20, 20, 9, 20] }, busyChain, ['drop:a:resolved']],
    ['noisy history widens the band (MAD)', { branch: 'a', counts: [20, 10, 30, 20, 40, 60] }, busyChain, []],
    [
      'silent for exactly N windows: opens (and the drop that began it ends: zeros widen the band)',
      { branch: 'a', counts: [20, 20, 20, 0, 0, 0], lastActiveBeforeMs: W - 3 * SIZE },
      busyChain,
      ['silent:a:open', 'drop:a:resolved'],
    ],
    ['silent for N - 1 windows: not yet', { branch: 'a', counts: [20, 20, 20, 20, 0, 0], lastActiveBeforeMs: W - 2 * SIZE }, busyChain, []],
    ['silent for N + 1 windows: already open, nothing new', { branch: 'a', counts: [20, 20, 0, 0, 0, 0], lastActiveBeforeMs: W - 4 * SIZE }, busyChain, []],
    ['orders again: silent resolved', { branch: 'a', counts: [u, 0, 0, 0, 0, 15], lastActiveBeforeMs: W - 5 * SIZE }, busyChain, ['silent:a:resolved']],
    ['silent longer than the look-back: resolved (expired)', { branch: 'a', counts: [0, 0, 0, 0, 0, 0], lastActiveBeforeMs: W - 6 * SIZE }, busyChain, ['silent:a:resolved']],
    ['a branch that never had orders is not silent', { branch: 'a', counts: [0, 0, 0, 0, 0, 0] }, busyChain, []],
    ['the whole chain is quiet: nobody is silent', { branch: 'a', counts: [20, 20, 20, 0, 0, 0], lastActiveBeforeMs: W - 3 * SIZE }, { branch: '*', counts: [100, 100, 100, 0, 0, 0] }, ['drop:*:resolved', 'drop:a:resolved']],
    ['the chain spikes too', { branch: 'a', counts: [u, u, u, u, u, u] }, { branch: '*', counts: [100, 100, 100, 100, 100, 400] }, ['spike:*:open']],
  ])('%s', (_name, branch, chain, expected) => {
    const events = evaluateAlerts(rules, window, SIZE, chain, [branch]);
    expect(events.map((event) => `${event.rule}:${event.branch}:${event.state}`)).toEqual(expected);
    for (const event of events) {
      expect(event.id).toBe(`${event.rule}:${event.branch}:${W}`);
      expect(event.windowStart).toBe(W);
    }
  });

  it('reports the band, the silent length and why a silence ended', () => {
    const [spike] = evaluateAlerts(rules, window, SIZE, busyChain, [{ branch: 'a', counts: [u, 20, 20, 20, 20, 500] }]);
    expect(spike).toMatchObject({ value: 500, expected: { median: 20, lower: 10, upper: 30 } });
    const [silent] = evaluateAlerts(rules, window, SIZE, busyChain, [{ branch: 'a', counts: [20, 20, 20, 0, 0, 0], lastActiveBeforeMs: W - 3 * SIZE }]);
    expect(silent).toMatchObject({ silentWindows: 3 });
    const [expired] = evaluateAlerts(rules, window, SIZE, busyChain, [{ branch: 'a', counts: [0, 0, 0, 0, 0, 0], lastActiveBeforeMs: W - 6 * SIZE }]);
    expect(expired).toMatchObject({ reason: 'expired' });
  });

  it('evaluates nothing for a disabled rule', () => {
    const off = parseAlertRules({ spike: { enabled: false } });
    expect(evaluateAlerts(off, window, SIZE, busyChain, [{ branch: 'a', counts: Array.from({ length: 21 }, () => 20).concat([500]) }])).toEqual([]);
  });
});

describe('parseAlertRules', () => {
  it('fills defaults', () => {
    expect(parseAlertRules(undefined).silent.windows).toBe(6);
    expect(parseAlertRules({ spike: { minVolume: 3 } }).spike.minVolume).toBe(3);
  });

  it.each<[string, unknown, string]>([
    ['unknown rule', { flood: {} }, 'flood: unknown rule'],
    ['unknown setting', { drop: { k: 3 } }, 'drop.k: unknown setting'],
    ['bad number', { spike: { minVolume: 'x' } }, 'spike.minVolume: must be a number from 0'],
    ['too many windows', { silent: { windows: 1_000_000 } }, 'silent.windows: must be an integer from 1 to 2880'],
    ['look-back not longer than the silence', { silent: { windows: 10, activeWithinWindows: 10 } }, 'silent.activeWithinWindows: must be more than silent.windows'],
    ['not an object', [1], '(rules): must be an object'],
  ])('rejects %s', (_name, input, message) => {
    expect(() => parseAlertRules(input)).toThrow(message);
  });
});
