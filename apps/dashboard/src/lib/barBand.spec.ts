// Covers barBand: where bars sit in the categories of a band axis (gap on both sides, capped width, centred).
import { barBand } from './barBand';

describe('barBand', () => {
  it.each([
    ['gap on both sides', 10, 1000, 0.12, 200, { step: 100, width: 76, inset: 12 }],
    ['capped width, centred', 10, 1000, 0.12, 36, { step: 100, width: 36, inset: 32 }],
    ['no gap', 4, 200, 0, 100, { step: 50, width: 50, inset: 0 }],
    ['no categories', 0, 500, 0.12, 36, { step: 0, width: 0, inset: 0 }],
  ])('%s', (_, count, width, gap, max, band) => {
    expect(barBand(count, width, gap, max)).toEqual(band);
  });
});
