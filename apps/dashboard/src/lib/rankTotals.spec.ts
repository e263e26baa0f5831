// Covers ranking category totals: largest first, ties in vocabulary order then by name, shares.
import { rankTotals } from './rankTotals';

describe('rankTotals', () => {
  it.each([
    [{ Cash: 1, Credit: 3, Debit: 2 }, [], ['Credit', 'Debit', 'Cash']],
    [{ Latte: 2, Americano: 2, Mocha: 5 }, ['Latte', 'Americano'], ['Mocha', 'Latte', 'Americano']],
    [{ b: 1, a: 1 }, [], ['a', 'b']],
    [{}, [], []],
  ])('%j ranks as %j', (totals, order, expected) => {
    expect(rankTotals(totals, order as string[]).map((r) => r.category)).toEqual(expected);
  });

  it('computes shares of the grand total (0 when there is none)', () => {
    expect(rankTotals({ Cash: 1, Credit: 3 }).map((r) => r.share)).toEqual([0.75, 0.25]);
    expect(rankTotals({ Cash: 0 })[0].share).toBe(0);
  });
});
