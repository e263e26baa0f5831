// Covers the small display helpers: window labels and titles, category labels and colours, numbers, resolutions, ranges.
import { categoryColor } from './categoryColor';
import { categoryLabel } from './categoryLabel';
import { formatClock } from './formatClock';
import { formatNumber } from './formatNumber';
import { formatPercent } from './formatPercent';
import { formatWindowLabel } from './formatWindowLabel';
import { formatWindowTitle } from './formatWindowTitle';
import { PALETTES } from './palettes';
import { rangeOptions } from './rangeOptions';
import { resolutionSpec } from './resolutionSpec';

describe('display helpers', () => {
  it.each([
    ['20231115061330', 14, '06:13:30', '2023-11-15 06:13:30'],
    ['202311150613', 12, '06:13', '2023-11-15 06:13'],
    ['2023111506', 10, '15 Nov 06:00', '2023-11-15 06:00'],
    ['20231105', 8, '5 Nov', '2023-11-05'],
  ])('%s at precision %d → %s / %s', (date, precision, label, title) => {
    expect(formatWindowLabel(date, precision)).toBe(label);
    expect(formatWindowTitle(date, precision)).toBe(title);
  });

  it.each([
    ['CustomerAgeGrades', '0010', '0–10'],
    ['CustomerAgeGrades', '8090', '80–90'],
    ['CustomerAgeGrades', '9999', 'Unknown'],
    ['PaymentMethods', 'Cash', 'Cash'],
  ] as const)('%s %s is labelled %s', (type, category, label) => {
    expect(categoryLabel(type, category)).toBe(label);
  });

  it('gives every known category its own colour and unknown ones a stable one', () => {
    for (const palette of [...Object.values(PALETTES.light), ...Object.values(PALETTES.dark)]) {
      expect(new Set(Object.values(palette)).size).toBe(Object.keys(palette).length);
    }
    expect(Object.keys(PALETTES.light.CustomerAgeGrades)).toHaveLength(10);
    expect(Object.keys(PALETTES.dark.CustomerAgeGrades)).toHaveLength(10);
    expect(categoryColor('Orders', 'Irish Coffee')).toBe(categoryColor('Orders', 'Irish Coffee'));
    expect(categoryColor('PaymentMethods', 'Credit')).toBe('#0072B2');
    expect(categoryColor('PaymentMethods', 'Credit', 'dark')).toBe('#1D8BD1');
  });

  it('formats numbers, shares and clock times', () => {
    expect(formatNumber(12345)).toBe('12,345');
    expect(formatNumber(3.14159, true)).toBe('3.1');
    expect(formatPercent(0.426)).toBe('43%');
    expect(formatPercent(null)).toBe('—');
    expect(formatClock(Date.UTC(2023, 10, 14, 21, 13, 30), 'Asia/Seoul')).toBe('06:13:30');
    expect(formatClock(0, 'Not/AZone')).toMatch(/^\d\d:\d\d:\d\d$/);
  });

  it.each([
    ['30s', 30, 14, 30_000, true],
    ['1m', 30, 12, 60_000, false],
    ['1h', 30, 10, 3_600_000, false],
    ['1d', 30, 8, 86_400_000, false],
    ['bogus', 15, 14, 15_000, true],
  ])('resolution %s (base %ds): precision %d, %d ms', (id, base, precision, durationMs, isBase) => {
    expect(resolutionSpec(id, base)).toMatchObject({ precision, durationMs, isBase });
  });

  it.each([
    ['30s', 30, [20, 60]],
    ['1m', 30, [60, 360]],
    ['1h', 30, [24, 168]],
    ['1d', 30, [7, 30]],
    ['10s', 10, [60, 180]],
  ])('ranges of %s (base %ds) are %j windows', (resolution, base, lasts) => {
    expect(rangeOptions(resolution, base).map((r) => r.last)).toEqual(lasts);
  });
});
