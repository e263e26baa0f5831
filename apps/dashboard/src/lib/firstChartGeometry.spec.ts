// Covers firstChartGeometry, the pre-render's drawing of the first chart: plot and bands, stacks in px, value ticks,
// the filling window's outline, time labels fitted at the edges — and that it lands on the same boxes as the React
// chart (StackedTimeChart drawn by recharts in jsdom at the same size), so the replacement does not move anything.
import { render, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import { StackedTimeChart } from '../charts/StackedTimeChart';
import { win } from '../test/fixtures';
import { categoryColor } from './categoryColor';
import { DEFAULT_VOCABULARY } from './defaultVocabulary';
import { firstChartGeometry, timeChartPlot, type FirstChartInput } from './firstChartGeometry';
import { toStackedSeries } from './toStackedSeries';

const CATEGORIES = DEFAULT_VOCABULARY.CustomerAgeGrades;
// 20 windows of 30 s from 10:00:00 (Seoul); the newest still filling.
const DATES = Array.from({ length: 20 }, (_, i) => {
  const s = i * 30;
  return `20261206${'10'}${String(Math.floor(s / 60)).padStart(2, '0')}${String(s % 60).padStart(2, '0')}`;
});
const WINDOWS = DATES.map((date, i) => win(date, { '2030': 3 + (i % 4), '4050': 2, '9999': i === 7 ? 9 : 0 }));
const input = (over: Partial<FirstChartInput> = {}): FirstChartInput => ({
  type: 'CustomerAgeGrades',
  windows: WINDOWS,
  categories: CATEGORIES,
  precision: 14,
  windowSeconds: 30,
  unit: 'orders per 30 s',
  partialDate: DATES[DATES.length - 1],
  width: 800,
  height: 260,
  theme: 'light',
  ...over,
});

describe('firstChartGeometry', () => {
  it('puts the plot inside the margins of the time chart', () => {
    expect(timeChartPlot(800, 260)).toEqual({ x: 44, y: 24, width: 746, height: 206 });
    expect(timeChartPlot(20, 10)).toEqual({ x: 44, y: 24, width: 0, height: 0 });
  });

  it('stacks each window bottom up in px, zero counts taking no room, under ticks that cover the tallest stack', () => {
    const g = firstChartGeometry(input());
    expect(g.columns).toHaveLength(20);
    expect(g.total).toBe(WINDOWS.reduce((a, w) => a + w.total, 0));
    // Tallest stack: window 7 (6 + 2 + 9 = 17) → ticks 0, 5, 10, 15, 20.
    expect(g.valueTicks.map((t) => t.label)).toEqual(['0', '5', '10', '15', '20']);
    const bottom = g.plot.y + g.plot.height;
    expect(g.valueTicks[0].y).toBe(bottom);
    expect(g.valueTicks[4].y).toBe(g.plot.y);
    const tallest = g.columns[7];
    expect(tallest.segments.map((s) => s.category)).toEqual(['2030', '4050', '9999']);
    expect(tallest.segments[0].y + tallest.segments[0].height).toBeCloseTo(bottom);
    expect(tallest.segments[2].y).toBeCloseTo(g.plot.y + (3 * g.plot.height) / 20);
    expect(tallest.segments[1].y + tallest.segments[1].height).toBeCloseTo(tallest.segments[0].y);
    expect(tallest.segments.map((s) => s.height)).toEqual([6, 2, 9].map((v) => expect.closeTo((v * g.plot.height) / 20)));
    expect(g.columns[0].segments.map((s) => s.category)).toEqual(['2030', '4050']);
    expect(tallest.segments[0].color).toBe(categoryColor('CustomerAgeGrades', '2030', 'light'));
    expect(firstChartGeometry(input({ theme: 'dark' })).columns[7].segments[0].color).toBe(categoryColor('CustomerAgeGrades', '2030', 'dark'));
  });

  it('spreads the bars over the plot, at most 36 px wide, centred in their windows', () => {
    const g = firstChartGeometry(input());
    const step = g.plot.width / 20;
    const width = Math.min(36, step * 0.76);
    g.columns.forEach((c, i) => {
      expect(c.segments[0].x).toBeCloseTo(g.plot.x + i * step + (step - width) / 2);
      expect(c.segments[0].width).toBeCloseTo(width);
    });
  });

  it('outlines only the window still filling', () => {
    const g = firstChartGeometry(input());
    expect(g.columns.filter((c) => c.partial).map((c) => c.date)).toEqual([DATES[19]]);
    expect(g.columns[19].outline).toEqual({ x: g.columns[19].segments[0].x, y: g.columns[19].segments[1].y, width: g.columns[19].segments[0].width, height: expect.closeTo(((3 + (19 % 4) + 2) * g.plot.height) / 20) });
    expect(firstChartGeometry(input({ partialDate: null })).columns.some((c) => c.partial || c.outline)).toBe(false);
  });

  it('labels round times under the plot, the last one kept inside the chart', () => {
    const narrow = firstChartGeometry(input({ width: 340 }));
    for (const label of narrow.timeLabels) {
      expect(label.text).toMatch(/^10:\d\d$/);
      expect(label.y).toBe(narrow.plot.y + narrow.plot.height + 12);
      const half = label.anchor === 'middle' ? (label.text.length * 6.5) / 2 : 0;
      expect(label.anchor === 'end' ? label.x : label.x + half).toBeLessThanOrEqual(338);
    }
    expect(narrow.unit).toEqual({ x: 4, y: 14, text: 'orders per 30 s' });
  });

  it('draws no bars on a plot with no room', () => {
    const g = firstChartGeometry(input({ width: 30 }));
    expect(g.columns.every((c) => c.segments.every((s) => s.width === 0))).toBe(true);
  });

  it('lands on the boxes the React chart draws at the same size', async () => {
    const width = 800;
    const g = firstChartGeometry(input({ width }));
    const series = CATEGORIES.map((c) => ({ key: c, label: c, color: categoryColor('CustomerAgeGrades', c, 'light'), hidden: false }));
    const { container } = render(
      createElement(StackedTimeChart, { rows: toStackedSeries(WINDOWS, CATEGORIES, 14), series, kind: 'bars', precision: 14, unit: 'orders', per: '30 s', windowSeconds: 30, partialDate: DATES[19], height: 260, width }),
    );
    await waitFor(() => expect(container.querySelectorAll('.stacked-bars__column')).toHaveLength(20));
    // The React bars are in value units under one transform: translate(0 bottom) scale(1 -height/top).
    const [, bottom, scale] = /translate\(0 ([\d.]+)\) scale\(1 (-[\d.]+)\)/.exec(container.querySelector('.stacked-bars')?.getAttribute('transform') ?? '') ?? [];
    const toPx = (value: number) => Number(bottom) + value * Number(scale);
    container.querySelectorAll('.stacked-bars__column').forEach((column, i) => {
      const rects = [...column.querySelectorAll('.stacked-bars__segment')];
      expect(rects).toHaveLength(g.columns[i].segments.length);
      rects.forEach((rect, j) => {
        const drawn = g.columns[i].segments[j];
        const from = Number(rect.getAttribute('y'));
        const size = Number(rect.getAttribute('height'));
        expect(Number(rect.getAttribute('x'))).toBeCloseTo(drawn.x, 1);
        expect(Number(rect.getAttribute('width'))).toBeCloseTo(drawn.width, 1);
        expect(toPx(from + size)).toBeCloseTo(drawn.y, 1);
        expect(toPx(from) - toPx(from + size)).toBeCloseTo(drawn.height, 1);
        expect(rect.getAttribute('fill')).toBe(drawn.color);
      });
    });
    const valueLabels = [...container.querySelectorAll('.value-axis .axis-label')];
    expect(valueLabels.map((t) => [t.textContent, Number(t.getAttribute('x')), Number(t.getAttribute('y'))])).toEqual(g.valueTicks.map((t) => [t.label, t.x, expect.closeTo(t.y, 1)]));
    const unit = container.querySelector('.axis-unit');
    expect([unit?.textContent, Number(unit?.getAttribute('x')), Number(unit?.getAttribute('y'))]).toEqual([g.unit.text, g.unit.x, g.unit.y]);
    const timeLabels = [...container.querySelectorAll('.recharts-cartesian-axis-tick-value')];
    expect(timeLabels.map((t) => [t.textContent, Number(t.getAttribute('x')), Number(t.getAttribute('y')), t.getAttribute('text-anchor')])).toEqual(
      g.timeLabels.map((l) => [l.text, expect.closeTo(l.x, 1), expect.closeTo(l.y, 1), l.anchor]),
    );
  });
});
