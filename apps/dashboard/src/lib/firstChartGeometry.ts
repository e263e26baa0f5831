import type { StatisticType, StatsWindow } from '@coffee/aggregation';
import { barBand } from './barBand';
import { categoryColor } from './categoryColor';
import { formatCompact } from './formatCompact';
import { niceTicks } from './niceTicks';
import type { Theme } from './palettes';
import { stackColumn } from './stackColumn';
import { fitLabel, tickLabel, timeTicks } from './timeTicks';

/**
 * Layout constants of a stacked time chart (`charts/StackedTimeChart`, `StackedLayer`, `ValueAxis`), shared with the
 * pre-render of the first chart (`prerender/drawFirstChart`), which must draw the same box before recharts has loaded.
 */
export const TIME_CHART_LAYOUT = {
  /** Room of the value axis (left margin), px. */
  yAxisWidth: 44,
  /** The plot's margins, px: the top one holds the value axis' unit. */
  margin: { top: 24, right: 10, bottom: 0, left: 44 },
  /** Height of recharts' time axis under the plot (its default), px. */
  xAxisHeight: 30,
  /** Gap between the plot's bottom and a time label's top: recharts' tick size (6) plus the chart's tickMargin (6), px. */
  xLabelOffset: 12,
  /** Room kept at each edge for the time labels (AxisTick's minX / maxX), px. */
  labelEdge: 2,
  /** Gap between a value label and the plot, px. */
  valueLabelGap: 8,
  /** Bars: share of a window left free on each side, widest bar, px. */
  barGapRatio: 0.12,
  maxBarWidth: 36,
} as const;

/** The plot area of a time chart `width` × `height` px. */
export function timeChartPlot(width: number, height: number): { x: number; y: number; width: number; height: number } {
  const { margin, xAxisHeight } = TIME_CHART_LAYOUT;
  return { x: margin.left, y: margin.top, width: Math.max(0, width - margin.left - margin.right), height: Math.max(0, height - margin.top - margin.bottom - xAxisHeight) };
}

/** One drawn rectangle of a stacked column, px. */
export interface FirstChartSegment {
  category: string;
  x: number;
  y: number;
  width: number;
  height: number;
  color: string;
}

/** What the pre-render draws of the first chart: px geometry, no DOM. */
export interface FirstChartGeometry {
  width: number;
  height: number;
  plot: { x: number; y: number; width: number; height: number };
  /** Categories in stacking order (bottom up) with their colours, as the legend lists them. */
  series: { key: string; color: string }[];
  /** Horizontal grid lines and their labels (`20k`), bottom up. */
  valueTicks: { x: number; y: number; label: string }[];
  unit: { x: number; y: number; text: string };
  columns: { date: string; partial: boolean; segments: FirstChartSegment[]; outline: { x: number; y: number; width: number; height: number } | null }[];
  timeLabels: { x: number; y: number; text: string; anchor: 'start' | 'middle' | 'end' }[];
  /** Sum of the windows' totals ("N orders in range"). */
  total: number;
}

export interface FirstChartInput {
  type: StatisticType;
  windows: readonly StatsWindow[];
  /** Known categories in drawing order (unknown ones follow, sorted), as `orderedCategories`. */
  categories: readonly string[];
  precision: number;
  windowSeconds: number;
  /** "orders per 30 s". */
  unit: string;
  /** Datestring of the window still filling, or null. */
  partialDate: string | null;
  width: number;
  height: number;
  theme: Theme;
}

/**
 * The stacked bars of a time chart as `StackedTimeChart` draws them (same plot, value ticks from `niceTicks`, bands
 * from `barBand`, stacks from `stackColumn`, time labels from `timeTicks` placed by `fitLabel`), in px, for the
 * static pre-render of the first view. Pure: the e2e test checks the drawn boxes against the React chart's.
 */
export function firstChartGeometry(input: FirstChartInput): FirstChartGeometry {
  const { windows, categories, width, height } = input;
  const L = TIME_CHART_LAYOUT;
  const plot = timeChartPlot(width, height);
  const series = categories.map((key) => ({ key, color: categoryColor(input.type, key, input.theme) }));
  const rows = windows.map((w) => categories.map((c) => w.counts[c] ?? 0));
  const max = rows.reduce((m, values) => Math.max(m, values.reduce((a, b) => a + b, 0)), 0);
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1];
  const y = (value: number) => plot.y + plot.height - (value * plot.height) / top;
  const band = barBand(windows.length, plot.width, L.barGapRatio, L.maxBarWidth);
  const noneHidden = categories.map(() => false);
  const columns = windows.map((w, i) => {
    const x = plot.x + i * band.step + band.inset;
    const stack = stackColumn(rows[i], noneHidden);
    const segments = stack.map((s) => ({ category: categories[s.index], x, y: y(s.from + s.size), width: band.width, height: y(s.from) - y(s.from + s.size), color: series[s.index].color }));
    const stackTop = stack.reduce((a, s) => Math.max(a, s.from + s.size), 0);
    const partial = w.date === input.partialDate;
    return { date: w.date, partial, segments, outline: partial && stackTop > 0 ? { x, y: y(stackTop), width: band.width, height: y(0) - y(stackTop) } : null };
  });
  const dates = windows.map((w) => w.date);
  const xTicks = timeTicks(dates, input.precision, input.windowSeconds, plot.width);
  const timeLabels = xTicks.dates.map((date) => {
    const text = tickLabel(date, input.precision, xTicks.stepSeconds);
    const placed = fitLabel(plot.x + (dates.indexOf(date) + 0.5) * band.step, text.length, L.labelEdge, width - L.labelEdge);
    return { x: placed.x, y: plot.y + plot.height + L.xLabelOffset, text, anchor: placed.anchor };
  });
  return {
    width,
    height,
    plot,
    series,
    valueTicks: ticks.map((t) => ({ x: plot.x - L.valueLabelGap, y: y(t), label: formatCompact(t) })),
    unit: { x: 4, y: plot.y - 10, text: input.unit },
    columns,
    timeLabels,
    total: windows.reduce((a, w) => a + w.total, 0),
  };
}
