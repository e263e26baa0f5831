// Covers chart rows from windows: category order, zeros for missing categories, labels and row reuse.
import { win } from '../test/fixtures';
import { toStackedSeries } from './toStackedSeries';

describe('toStackedSeries', () => {
  const windows = [win('20231115061200', { Cash: 2, Debit: 1 }), win('20231115061230', { Credit: 4, Bitcoin: 1 })];

  it('gives one row per window, values in category order, zero when missing', () => {
    expect(toStackedSeries(windows, ['Cash', 'Credit', 'Debit', 'Bitcoin'], 14)).toEqual([
      { date: '20231115061200', label: '06:12:00', start: windows[0].start, total: 3, values: [2, 0, 1, 0] },
      { date: '20231115061230', label: '06:12:30', start: windows[1].start, total: 5, values: [0, 4, 0, 1] },
    ]);
  });

  it('reuses the row of an unchanged window and rebuilds when categories change', () => {
    const first = toStackedSeries(windows, ['Cash', 'Credit'], 14);
    const changed = [windows[0], win('20231115061230', { Credit: 5 })];
    const second = toStackedSeries(changed, ['Cash', 'Credit'], 14);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(toStackedSeries(changed, ['Credit', 'Cash'], 14)[0].values).toEqual([0, 2]);
  });
});
