// Covers folding live base-window totals into histories: replacement (never adding), idempotence, new windows
// sliding in, zero-filled gaps, coarse-resolution folding by datestring prefix, and updates that must be ignored.
import { body, series, win } from '../test/fixtures';
import { newestPerWindow } from '@coffee/aggregation';
import { mergeLiveIntoHistory } from './mergeLiveIntoHistory';

const dates = (s: { windows: { CustomerAgeGrades: readonly { date: string }[] } }) => s.windows.CustomerAgeGrades.map((w) => w.date);
const totals = (s: { windows: { CustomerAgeGrades: readonly { total: number }[] } }) => s.windows.CustomerAgeGrades.map((w) => w.total);

describe('mergeLiveIntoHistory at the base resolution', () => {
  const base = series('30s', ['20231115061200', '20231115061230', '20231115061300'], (i) => [1, 2, 3][i]);

  it('replaces the window totals instead of adding to them', () => {
    const next = mergeLiveIntoHistory(base, body({ date: '20231115061300', age: { '2030': 5 }, pay: { Cash: 4, Debit: 1 }, cups: { Americano: 7 } }));
    expect(totals(next)).toEqual([1, 2, 5]);
    expect(next.windows.CustomerAgeGrades[2].counts).toMatchObject({ '2030': 5, '0010': 0, '9999': 0 });
    expect(next.windows.PaymentMethods[2].counts).toEqual({ Cash: 4, Credit: 0, Debit: 1 });
    expect(next.windows.Orders[2].total).toBe(7);
  });

  it('is idempotent: the same totals twice change nothing the second time', () => {
    const update = body({ date: '20231115061300', age: { '2030': 5 } });
    const once = mergeLiveIntoHistory(base, update);
    expect(mergeLiveIntoHistory(once, update)).toBe(once);
  });

  it('lets totals go down when the newer update says so (replacement, not max)', () => {
    const up = mergeLiveIntoHistory(base, body({ date: '20231115061300', age: { '2030': 9 } }));
    expect(totals(mergeLiveIntoHistory(up, body({ date: '20231115061300', age: { '2030': 4 } })))).toEqual([1, 2, 4]);
  });

  it('updates an older window that is still shown (late orders)', () => {
    const next = mergeLiveIntoHistory(base, body({ date: '20231115061200', age: { '2030': 2, '8090': 1 } }));
    expect(totals(next)).toEqual([3, 2, 3]);
    expect(next.windows.CustomerAgeGrades[0].counts['8090']).toBe(1);
  });

  it('appends a new window and drops the oldest to keep N windows', () => {
    const next = mergeLiveIntoHistory(base, body({ date: '20231115061330', age: { '1020': 1 } }));
    expect(dates(next)).toEqual(['20231115061230', '20231115061300', '20231115061330']);
    expect(totals(next)).toEqual([2, 3, 1]);
    expect(next.windows.Orders.map((w) => w.date)).toEqual(dates(next));
  });

  it('zero-fills the windows skipped between the newest and the update', () => {
    const wide = series('30s', ['20231115061200', '20231115061230', '20231115061300', '20231115061330', '20231115061400'], (i) => i);
    const next = mergeLiveIntoHistory(wide, body({ date: '20231115061500', age: { '2030': 6 } }));
    expect(dates(next)).toEqual(['20231115061300', '20231115061330', '20231115061400', '20231115061430', '20231115061500']);
    expect(totals(next)).toEqual([2, 3, 4, 0, 6]);
    expect(next.windows.CustomerAgeGrades[3].counts).toMatchObject({ '0010': 0, '9999': 0 });
    expect(next.windows.CustomerAgeGrades[3].start).toBe(next.windows.CustomerAgeGrades[2].start + 30_000);
  });

  it('keeps the identity of windows that did not change', () => {
    const next = mergeLiveIntoHistory(base, body({ date: '20231115061300', age: { '2030': 5 } }));
    expect(next.windows.CustomerAgeGrades[0]).toBe(base.windows.CustomerAgeGrades[0]);
    expect(next.windows.CustomerAgeGrades[2]).not.toBe(base.windows.CustomerAgeGrades[2]);
  });

  it('adds categories outside the vocabulary', () => {
    const next = mergeLiveIntoHistory(base, body({ date: '20231115061300', age: { '2030': 3 }, cups: { Americano: 3, 'Irish Coffee': 2 } }));
    expect(next.windows.Orders[2].counts['Irish Coffee']).toBe(2);
    expect(next.windows.Orders[2].total).toBe(5);
  });

  it.each([
    ['another branch', body({ branch: 'sunae', date: '20231115061300', age: { '2030': 5 } })],
    ['a window older than the history', body({ date: '20231115061130', age: { '2030': 5 } })],
    ['a malformed date', body({ date: '2023111506', age: { '2030': 5 } })],
    ['totals equal to those already shown', body({ date: '20231115061300', age: { '2030': 3 }, pay: { Cash: 3 }, cups: { Americano: 3 } })],
  ])('ignores %s', (_case, update) => {
    expect(mergeLiveIntoHistory(base, update)).toBe(base);
  });
});

describe('mergeLiveIntoHistory at coarser resolutions', () => {
  it('folds base windows into their minute by replacing what the snapshot already counted', () => {
    // Minute 06:13 holds 10 orders; the snapshot says 4 of them are in 06:13:00 and 6 in 06:13:30.
    const minute = series('1m', ['202311150612', '202311150613'], (i) => [7, 10][i], {
      CustomerAgeGrades: [win('20231115061300', { '2030': 4 }), win('20231115061330', { '2030': 6 })],
    });
    const grown = mergeLiveIntoHistory(minute, body({ date: '20231115061330', age: { '2030': 8 } }));
    expect(totals(grown)).toEqual([7, 12]);
    expect(mergeLiveIntoHistory(grown, body({ date: '20231115061330', age: { '2030': 8 } }))).toBe(grown);
    expect(totals(mergeLiveIntoHistory(grown, body({ date: '20231115061330', age: { '2030': 9 } })))).toEqual([7, 13]);
  });

  it('starts a new minute from a base window newer than the snapshot', () => {
    const minute = series('1m', ['202311150612', '202311150613'], (i) => [7, 10][i], {
      CustomerAgeGrades: [win('20231115061300', { '2030': 4 }), win('20231115061330', { '2030': 6 })],
    });
    const next = mergeLiveIntoHistory(minute, body({ date: '20231115061400', age: { '4050': 2 } }));
    expect(dates(next)).toEqual(['202311150613', '202311150614']);
    expect(totals(next)).toEqual([10, 2]);
    expect(next.windows.CustomerAgeGrades[1].start).toBe(Date.UTC(2023, 10, 14, 21, 14));
    const again = mergeLiveIntoHistory(next, body({ date: '20231115061430', age: { '4050': 1 } }));
    expect(totals(again)).toEqual([10, 3]);
  });

  it('ignores base windows older than the snapshot: their share of the minute is unknown', () => {
    const minute = series('1m', ['202311150612', '202311150613'], (i) => [7, 10][i], {
      CustomerAgeGrades: [win('20231115061300', { '2030': 4 }), win('20231115061330', { '2030': 6 })],
    });
    expect(mergeLiveIntoHistory(minute, body({ date: '20231115061230', age: { '2030': 50 } }))).toBe(minute);
  });

  it.each([
    ['1m', ['202311150612', '202311150613'], '20231115061345', '202311150613', Date.UTC(2023, 10, 14, 21, 13)],
    ['1h', ['2023111505', '2023111506'], '20231115065930', '2023111506', Date.UTC(2023, 10, 14, 21)],
    ['1d', ['20231114', '20231115'], '20231115235930', '20231115', Date.UTC(2023, 10, 14, 15)],
  ])('%s: the window is the base datestring prefix', (resolution, windowDates, baseDate, expected, expectedStart) => {
    const s = series(resolution, windowDates, () => 1, { CustomerAgeGrades: [win('20231115000000')] });
    const next = mergeLiveIntoHistory(s, body({ date: baseDate, age: { '1020': 5 } }));
    const w = next.windows.CustomerAgeGrades.find((x) => x.date === expected);
    expect(w?.total).toBe(6);
    expect(w?.start).toBe(expectedStart);
  });

  it('1h: a new day appends the next hour with its start', () => {
    const s = series('1h', ['2023111522', '2023111523'], () => 1, { CustomerAgeGrades: [win('20231115235930')] });
    const next = mergeLiveIntoHistory(s, body({ date: '20231116000000', age: { '1020': 2 } }));
    expect(dates(next)).toEqual(['2023111523', '2023111600']);
    expect(next.windows.CustomerAgeGrades[1].start).toBe(Date.UTC(2023, 10, 15, 15));
  });
});

describe('mergeLiveIntoHistory uses base-window totals as they are', () => {
  it('shows the body totals at the base resolution even below a stale REST figure whose base totals were never seen', () => {
    // A REST window of 10 orders, its base totals unknown (nothing tracked): deltas would add 3 to 10.
    const stale = { ...series('30s', ['20231115061230', '20231115061300'], (i) => [2, 10][i]), baseTotals: {}, trackedUntil: '' };
    const next = mergeLiveIntoHistory(stale, body({ date: '20231115061300', age: { '2030': 3 }, pay: { Cash: 3 }, cups: { Americano: 3 } }));
    expect(totals(next)).toEqual([2, 3]);
    expect(next.windows.PaymentMethods[1].counts).toEqual({ Cash: 3, Credit: 0, Debit: 0 });
    expect(next.windows.Orders[1].total).toBe(3);
  });

  it('applies a base window older than anything tracked but still shown (its totals need no history)', () => {
    const untracked = { ...series('30s', ['20231115061200', '20231115061230', '20231115061300'], (i) => [1, 2, 3][i]), baseTotals: {}, trackedUntil: '20231115061300' };
    expect(totals(mergeLiveIntoHistory(untracked, body({ date: '20231115061230', age: { '2030': 7 } })))).toEqual([1, 7, 3]);
  });

  it.each(['30s', '1m'])('%s: applying only the newest body per window shows what applying every body in order does', (resolution) => {
    const A = '20231115061300';
    const B = '20231115061330';
    const s =
      resolution === '30s'
        ? series('30s', [A], () => 3)
        : series('1m', ['202311150612', '202311150613'], () => 3, { CustomerAgeGrades: [win(A, { '2030': 3 })], PaymentMethods: [win(A, { Cash: 3 })], Orders: [win(A, { Americano: 3 })] });
    const bodies = [
      body({ date: A, age: { '2030': 4 }, pay: { Cash: 4 }, cups: { Americano: 4 } }),
      body({ date: B, age: { '2030': 1 }, pay: { Cash: 1 }, cups: { Americano: 1 } }),
      body({ date: A, age: { '2030': 5 }, pay: { Cash: 5 }, cups: { Americano: 6 } }),
      body({ date: B, age: { '2030': 2, '4050': 1 }, pay: { Cash: 3 }, cups: { Americano: 3 } }),
    ];
    const apply = (list: typeof bodies) => list.reduce((acc, b) => mergeLiveIntoHistory(acc, b), s).windows;
    expect(apply(newestPerWindow(bodies, 10))).toEqual(apply(bodies));
  });
});
