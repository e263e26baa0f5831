// Covers the compare view's shared scale: one value top for every branch, one time axis.
import { win } from '../test/fixtures';
import { compareScale, toCompareSeries } from './compareSeries';

describe('compareScale', () => {
  it('shares the top of the busiest branch and the longest time axis', () => {
    const quiet = toCompareSeries('jeongja', [win('20231115061200', { '2030': 2 }), win('20231115061230', { '2030': 1 })]);
    const busy = toCompareSeries('sunae', [win('20231115061200', { '2030': 30, '4050': 12 }), win('20231115061230', { '2030': 8 }), win('20231115061300')]);
    const scale = compareScale([quiet, busy]);
    expect(busy.totals.map((t) => t.total)).toEqual([42, 8, 0]);
    expect(scale.top).toBeGreaterThanOrEqual(42);
    expect(scale.ticks[0]).toBe(0);
    expect(scale.dates).toEqual(['20231115061200', '20231115061230', '20231115061300']);
  });

  it('has a unit scale without orders', () => {
    expect(compareScale([toCompareSeries('a', [win('20231115061200')])])).toEqual({ ticks: [0, 1], top: 1, dates: ['20231115061200'] });
  });
});
