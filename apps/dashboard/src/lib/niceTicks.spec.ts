// Covers niceTicks: integer y-axis ticks from 0 to a round top at or above the maximum.
import { niceTicks } from './niceTicks';

describe('niceTicks', () => {
  it.each([
    [0, [0, 1]],
    [-3, [0, 1]],
    [Number.NaN, [0, 1]],
    [1, [0, 1]],
    [3, [0, 1, 2, 3]],
    [4, [0, 1, 2, 3, 4]],
    [7, [0, 2, 4, 6, 8]],
    [40, [0, 10, 20, 30, 40]],
    [41, [0, 15, 30, 45]],
    [60, [0, 15, 30, 45, 60]],
    [437, [0, 150, 300, 450]],
    [1000, [0, 250, 500, 750, 1000]],
  ])('max %d → %j', (max, ticks) => {
    expect(niceTicks(max)).toEqual(ticks);
  });

  it.each([1, 9, 40, 99, 123, 999, 12_345, 1_000_001])('%d: integer, evenly spaced, ending at or above the maximum, at most 6 ticks', (max) => {
    const ticks = niceTicks(max);
    const step = ticks[1] - ticks[0];
    expect(ticks[0]).toBe(0);
    expect(ticks.every((t, i) => Number.isInteger(t) && t === i * step)).toBe(true);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
    expect(ticks[ticks.length - 2]).toBeLessThan(max);
    expect(ticks.length).toBeLessThanOrEqual(6);
  });
});
