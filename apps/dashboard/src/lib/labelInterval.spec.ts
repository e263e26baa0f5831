// Covers labelInterval: how many axis labels to skip so that they fit the plot width without measuring them.
import { labelInterval } from './labelInterval';

describe('labelInterval', () => {
  it.each([
    ['every label when they fit', 10, 1200, 8, 0],
    ['every other label when twice too many', 20, 1100, 8, 1],
    ['more skipped on a narrow screen', 20, 300, 8, 6],
    ['short labels fit more', 20, 300, 5, 4],
    ['one label', 1, 100, 8, 0],
    ['no width yet', 20, 0, 8, 0],
  ])('%s', (_, count, width, chars, interval) => {
    expect(labelInterval(count, width, chars)).toBe(interval);
  });

  it.each([200, 320, 500, 900, 1400])('at %d px, the labels shown (every interval + 1) fit', (width) => {
    const room = 8 * 6.5 + 28;
    const shown = Math.ceil(60 / (labelInterval(60, width, 8) + 1));
    expect(shown * room).toBeLessThanOrEqual(width);
  });
});
