// Covers category order (vocabulary first, then unknown ones sorted) and summing counts over windows.
import { win } from '../test/fixtures';
import { orderedCategories } from './orderedCategories';
import { sumCounts } from './sumCounts';

describe('orderedCategories and sumCounts', () => {
  const windows = [win('20231115061200', { Cash: 1, Zloty: 1 }), win('20231115061230', { Cash: 2, Bitcoin: 3, Debit: 1 })];

  it('keeps the vocabulary order and appends unknown categories sorted', () => {
    expect(orderedCategories(windows, ['Cash', 'Credit', 'Debit'])).toEqual(['Cash', 'Credit', 'Debit', 'Bitcoin', 'Zloty']);
  });

  it('sums counts per category', () => {
    expect(sumCounts(windows)).toEqual({ Cash: 3, Zloty: 1, Bitcoin: 3, Debit: 1 });
  });
});
