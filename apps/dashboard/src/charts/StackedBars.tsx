import { memo, useMemo } from 'react';
import { DefaultZIndexes, usePlotArea, ZIndexLayer } from 'recharts';
import { barBand } from '../lib/barBand';
import { stackColumn } from '../lib/stackColumn';
import type { StackedRow } from '../lib/toStackedSeries';
import type { ChartSeries } from './chartSeries';
import { valueTransform } from './valueTransform';

export interface StackedBarsProps {
  rows: readonly StackedRow[];
  series: readonly ChartSeries[];
  /** Value at the top of the plot. */
  top: number;
  /** Share of a category left free on each side of its bar. */
  gapRatio: number;
  maxBarWidth: number;
  /** Datestring of the window still filling: drawn lighter with a dashed outline, never as a drop. */
  partialDate: string | null;
}

interface ColumnProps {
  row: StackedRow;
  series: readonly ChartSeries[];
  hidden: readonly boolean[];
  x: number;
  width: number;
  partial: boolean;
}

/** One window's stacked bar, heights in value units; re-renders only when its row or its place changes. */
const Column = memo(function Column({ row, series, hidden, x, width, partial }: ColumnProps) {
  const segments = stackColumn(row.values, hidden);
  const height = segments.reduce((a, s) => Math.max(a, s.from + s.size), 0);
  return (
    <g className={partial ? 'stacked-bars__column stacked-bars__column--partial' : 'stacked-bars__column'} data-date={row.date} data-partial={partial || undefined}>
      {segments.map((s) => (
        <rect key={series[s.index].key} className="stacked-bars__segment" x={x} y={s.from} width={width} height={s.size} fill={series[s.index].color} />
      ))}
      {partial && height > 0 && <rect className="stacked-bars__partial-outline" x={x} y={0} width={width} height={height} vectorEffect="non-scaling-stroke" />}
    </g>
  );
});

/**
 * Stacked bars drawn inside a recharts bar chart (over its band x axis), one memoised column per
 * window. Unlike recharts' `<Bar>`, which re-creates every rectangle whenever the data changes, a live
 * update of the newest window re-renders that window's column only. Heights are value units scaled by
 * one transform, so a new top of the value axis changes one attribute, not every rectangle.
 */
function StackedBarsImpl({ rows, series, top, gapRatio, maxBarWidth, partialDate }: StackedBarsProps) {
  const plot = usePlotArea();
  // One array per `series`, so memoised columns see the same one until a legend toggle.
  const hidden = useMemo(() => series.map((s) => s.hidden), [series]);
  if (!plot || rows.length === 0 || !(top > 0)) {
    return null;
  }
  const band = barBand(rows.length, plot.width, gapRatio, maxBarWidth);
  return (
    <ZIndexLayer zIndex={DefaultZIndexes.bar}>
      <g className="stacked-bars" transform={valueTransform(plot, top)}>
        {rows.map((row, i) => (
          <Column key={row.date} row={row} series={series} hidden={hidden} x={plot.x + i * band.step + band.inset} width={band.width} partial={row.date === partialDate} />
        ))}
      </g>
    </ZIndexLayer>
  );
}

export const StackedBars = memo(StackedBarsImpl);
