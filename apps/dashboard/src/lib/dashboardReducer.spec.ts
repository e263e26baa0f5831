// Covers the dashboard state machine: live data before history is buffered, not lost; reloads backfill before merging.
import type { HistoryBundle } from '../lib/types';
import { body, response, uniform } from '../test/fixtures';
import { MAX_PENDING_LIVE_BODIES, dashboardReducer, initialDashboardState, type DashboardAction, type DashboardState } from './dashboardReducer';
import { DEFAULT_VOCABULARY } from './defaultVocabulary';

const dates = ['20231115061230', '20231115061300'];
const bundle = (branch: string, orders: number): HistoryBundle => ({
  request: { branch, resolution: '30s', last: 2 },
  chart: response(branch, '30s', uniform(dates, () => orders)),
  lastHour: response(branch, '1m', uniform(['202311150612', '202311150613'], () => orders)),
  base: response(branch, '30s', uniform(dates, () => orders)),
});
const history = (branch: string, orders: number, at = 1): DashboardAction => ({ type: 'history', bundle: bundle(branch, orders), windowSizeSeconds: 30, vocabulary: DEFAULT_VOCABULARY, at });
const live = (bodies: ReturnType<typeof body>[], at = 2): DashboardAction => ({ type: 'live', bodies, at });
const run = (...actions: DashboardAction[]): DashboardState => actions.reduce(dashboardReducer, initialDashboardState);
const chartTotals = (s: DashboardState) => s.chart?.windows.CustomerAgeGrades.map((w) => w.total);

describe('dashboardReducer', () => {
  it('buffers live updates that arrive before the history and applies them after it', () => {
    const early = run(live([body({ date: '20231115061300', age: { '2030': 9 } })]));
    expect(early.chart).toBeNull();
    expect(early.pending).toHaveLength(1);
    const loaded = dashboardReducer(early, history('jeongja', 1));
    expect(chartTotals(loaded)).toEqual([1, 9]);
    expect(loaded.pending).toEqual([]);
    expect(loaded.accepting).toBe(true);
  });

  it('keeps only the newest buffered update per branch and window', () => {
    const s = run(live([body({ date: '20231115061300', age: { '2030': 2 } }), body({ date: '20231115061300', age: { '2030': 3 } })]));
    expect(s.pending).toHaveLength(1);
    expect(s.pending[0].stats.CustomerAgeGrades).toEqual({ '2030': 3 });
  });

  it('buffers at most MAX_PENDING_LIVE_BODIES windows, dropping the least recently updated', () => {
    const start = Date.UTC(2023, 10, 14, 21, 0);
    const bodies = Array.from({ length: MAX_PENDING_LIVE_BODIES + 5 }, (_, i) => ({ ...body({ date: '20231115060000', age: { '2030': 1 } }), date: String(20231115060000 + i), start: start + i }));
    const s = run(live(bodies));
    expect(s.pending).toHaveLength(MAX_PENDING_LIVE_BODIES);
    expect(s.pending[0].date).toBe(bodies[5].date);
    expect(s.pending.at(-1)).toBe(bodies.at(-1));
  });

  it('merges live updates once loaded and stamps the time of the change', () => {
    const s = run(history('jeongja', 1), live([body({ date: '20231115061300', age: { '2030': 4 } })], 42));
    expect(chartTotals(s)).toEqual([1, 4]);
    expect(s.lastHour?.windows.CustomerAgeGrades.map((w) => w.total)).toEqual([1, 4]);
    expect(s.updatedAt).toBe(42);
  });

  it('returns the same state for an update that changes nothing', () => {
    const loaded = run(history('jeongja', 1));
    expect(dashboardReducer(loaded, live([body({ date: '20231115061300', age: { '2030': 1 }, pay: { Cash: 1 }, cups: { Americano: 1 } })]))).toBe(loaded);
  });

  it('after invalidate (reconnect) buffers until the backfill has loaded, keeping the old data shown', () => {
    const s = run(history('jeongja', 1), { type: 'invalidate' }, live([body({ date: '20231115061300', age: { '2030': 7 } })]));
    expect(chartTotals(s)).toEqual([1, 1]);
    expect(s.accepting).toBe(false);
    expect(chartTotals(dashboardReducer(s, history('jeongja', 5)))).toEqual([5, 7]);
  });

  it('buffers updates for another branch until its history arrives', () => {
    const s = run(history('jeongja', 1), live([body({ branch: 'sunae', date: '20231115061300', age: { '2030': 8 } })]));
    expect(chartTotals(s)).toEqual([1, 1]);
    expect(s.pending).toHaveLength(1);
    expect(chartTotals(dashboardReducer(s, history('sunae', 2)))).toEqual([2, 8]);
  });
});
