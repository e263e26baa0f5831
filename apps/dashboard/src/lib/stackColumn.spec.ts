// Covers stackColumn: the stacked segments of one bar in value units, bottom up, hidden and zero series taking no room.
import { stackColumn } from './stackColumn';

describe('stackColumn', () => {
  it('stacks visible positive values bottom up', () => {
    expect(stackColumn([10, 0, 5, 20, 1], [false, false, false, true, false])).toEqual([
      { index: 0, from: 0, size: 10 },
      { index: 2, from: 10, size: 5 },
      { index: 4, from: 15, size: 1 },
    ]);
  });

  it.each([
    ['no values', [], []],
    ['all zero', [0, 0], [false, false]],
    ['all hidden', [3, 4], [true, true]],
    ['negative values', [-3, Number.NaN], [false, false]],
  ])('draws nothing with %s', (_, values, hidden) => {
    expect(stackColumn(values, hidden)).toEqual([]);
  });
});
