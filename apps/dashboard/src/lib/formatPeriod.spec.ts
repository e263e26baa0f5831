// Covers the period wording of KPI labels.
import { formatPeriod } from './formatPeriod';

describe('formatPeriod', () => {
  it.each([
    [0, '0 s'],
    [45_000, '45 s'],
    [59_400, '59 s'],
    [60_000, '1 min'],
    [12 * 60_000 + 20_000, '12 min'],
    [59 * 60_000 + 40_000, 'hour'],
    [3_600_000, 'hour'],
    [3 * 3_600_000, '3 h'],
    [3 * 86_400_000, '3 days'],
  ])('%d ms → last %s', (ms, text) => {
    expect(formatPeriod(ms)).toBe(text);
  });
});
