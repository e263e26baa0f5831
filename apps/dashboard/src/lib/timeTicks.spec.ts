// Covers time-axis ticks: round wall-clock steps per resolution and width, tick labels, and the last label kept inside the chart.
import { fitLabel, tickLabel, timeTicks } from './timeTicks';

const pad = (n: number) => String(n).padStart(2, '0');
/** Datestrings of `count` windows of `stepS` seconds from `start` (yyyy-mm-dd hh:mm:ss, UTC arithmetic = wall clock). */
const dates = (start: string, stepS: number, count: number, precision: number): string[] =>
  Array.from({ length: count }, (_, i) => {
    const t = new Date(Date.parse(`${start}Z`) + i * stepS * 1000);
    const full = `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}`;
    return full.slice(0, precision);
  });

describe('timeTicks', () => {
  it.each([
    // resolution, first window, window s, count, precision, width px → step s, first labels
    ['30 s over 10 min, wide', '2026-12-06T09:58:30', 30, 20, 14, 1300, 60, ['09:59', '10:00', '10:01']],
    ['30 s over 10 min, phone', '2026-12-06T09:58:30', 30, 20, 14, 320, 120, ['10:00', '10:02', '10:04']],
    ['1 min over 1 h', '2026-12-06T09:58:00', 60, 60, 12, 1300, 300, ['10:00', '10:05', '10:10']],
    ['1 min over 6 h', '2026-12-06T04:58:00', 60, 360, 12, 1300, 1800, ['05:00', '05:30', '06:00']],
    ['1 h over 24 h', '2026-12-05T11:00:00', 3600, 24, 10, 1300, 7200, ['12:00', '14:00', '16:00']],
    ['1 h over 7 d', '2026-11-29T11:00:00', 3600, 168, 10, 1300, 43_200, ['12:00', '30 Nov', '12:00']],
    ['1 h over 7 d, phone', '2026-11-29T11:00:00', 3600, 168, 10, 320, 172_800, ['1 Dec', '3 Dec', '5 Dec']],
    ['1 d over 30 d, phone', '2026-11-07T00:00:00', 86_400, 30, 8, 320, 604_800, ['9 Nov', '16 Nov', '23 Nov']],
  ])('%s', (_, start, windowS, count, precision, width, step, first) => {
    const ticks = timeTicks(dates(start, windowS, count, precision), precision, windowS, width);
    expect(ticks.stepSeconds).toBe(step);
    expect(ticks.dates.slice(0, 3).map((d) => tickLabel(d, precision, ticks.stepSeconds))).toEqual(first);
    // Labels fit: each takes at most its share of the width.
    const widest = Math.max(...ticks.dates.map((d) => tickLabel(d, precision, ticks.stepSeconds).length));
    expect(ticks.dates.length * (widest * 6.5 + 24)).toBeLessThanOrEqual(width);
  });

  it('falls back to every k-th label when nothing round fits', () => {
    const ticks = timeTicks(dates('2026-01-01T00:00:00', 86_400, 365, 8), 8, 86_400, 100);
    expect(ticks.dates.length).toBeLessThanOrEqual(2);
    expect(ticks.dates.length).toBeGreaterThan(0);
  });

  it('has no ticks without windows or width', () => {
    expect(timeTicks([], 14, 30, 500).dates).toEqual([]);
    expect(timeTicks(['20261206095830'], 14, 30, 0).dates).toEqual([]);
  });
});

describe('tickLabel', () => {
  it.each([
    ['20261206095830', 14, 30, '09:58:30'],
    ['20261206100000', 14, 60, '10:00'],
    ['2026120610', 10, 3600, '10:00'],
    ['2026120700', 10, 21_600, '7 Dec'],
    ['20261207', 8, 86_400, '7 Dec'],
  ])('%s at precision %d, step %d s → %s', (date, precision, step, label) => {
    expect(tickLabel(date, precision, step)).toBe(label);
  });
});

describe('fitLabel', () => {
  it.each([
    ['centred inside', 300, 5, { x: 300, anchor: 'middle' }],
    ['last label near the right edge: right-aligned at it', 596, 5, { x: 598, anchor: 'end' }],
    ['first label near the left edge: left-aligned at it', 4, 5, { x: 2, anchor: 'start' }],
  ])('%s', (_, x, chars, placed) => {
    expect(fitLabel(x, chars, 2, 598)).toEqual(placed);
  });
});
