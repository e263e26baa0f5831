// Covers the small chart helpers: compact value labels, "per window" units and the window still filling.
import { win } from '../test/fixtures';
import { formatCompact } from './formatCompact';
import { inProgressDate } from './inProgressDate';
import { perWindowLabel } from './perWindowLabel';

describe('formatCompact', () => {
  it.each([
    [0, '0'],
    [950, '950'],
    [1500, '1.5k'],
    [20_000, '20k'],
    [150_000, '150k'],
    [1_200_000, '1.2M'],
  ])('%d → %s', (value, text) => {
    expect(formatCompact(value)).toBe(text);
  });
});

describe('perWindowLabel', () => {
  it.each([
    [14, 30, '30 s'],
    [14, 120, '2 min'],
    [12, 30, 'minute'],
    [10, 30, 'hour'],
    [8, 30, 'day'],
  ])('precision %d, %d s windows → per %s', (precision, size, label) => {
    expect(perWindowLabel(precision, size)).toBe(label);
  });
});

describe('inProgressDate', () => {
  const windows = [win('20231115061300'), win('20231115061330')];
  const end = windows[1].start + 30_000;
  it.each([
    ['before the newest window ends', end - 1, '20231115061330'],
    ['at its end', end, null],
    ['after it', end + 60_000, null],
  ])('%s', (_, now, date) => {
    expect(inProgressDate(windows, 30_000, now)).toBe(date);
  });
  it('is null without windows', () => {
    expect(inProgressDate([], 30_000, 0)).toBeNull();
  });
});
