import { memo } from 'react';
import { DefaultZIndexes, usePlotArea, ZIndexLayer } from 'recharts';
import { monotoneCurve } from '../lib/monotoneCurve';
import type { StackedRow } from '../lib/toStackedSeries';
import type { ChartSeries } from './chartSeries';
import { valueTransform } from './valueTransform';

export interface StackedAreasProps {
  rows: readonly StackedRow[];
  series: readonly ChartSeries[];
  /** Value at the top of the plot. */
  top: number;
}

/**
 * Stacked areas drawn inside a recharts area chart (over its point x axis): a filled band per visible
 * series, its upper edge stroked, as recharts' `<Area type="monotoneX">` draws it. A few paths (x in
 * px, y in value units under one scaling transform) recomputed per update, instead of recharts
 * re-creating every area and re-running its store.
 */
function StackedAreasImpl({ rows, series, top }: StackedAreasProps) {
  const plot = usePlotArea();
  if (!plot || rows.length === 0 || !(top > 0)) {
    return null;
  }
  const n = rows.length;
  const xs = rows.map((_, i) => (n > 1 ? plot.x + (i * plot.width) / (n - 1) : plot.x + plot.width / 2));
  const backXs = [...xs].reverse();
  let lower = rows.map(() => 0);
  const bands = series.flatMap((s, i) => {
    if (s.hidden) {
      return [];
    }
    const upper = rows.map((row, j) => lower[j] + Math.max(0, row.values[i] ?? 0));
    const edge = monotoneCurve(xs, upper, 'M');
    const fill = `${edge}${monotoneCurve(backXs, [...lower].reverse(), 'L')}Z`;
    lower = upper;
    return [
      <g key={s.key} className="stacked-areas__area">
        <path d={fill} fill={s.color} fillOpacity={0.8} stroke="none" />
        <path d={edge} fill="none" stroke={s.color} strokeWidth={1} vectorEffect="non-scaling-stroke" />
      </g>,
    ];
  });
  return (
    <ZIndexLayer zIndex={DefaultZIndexes.area}>
      <g className="stacked-areas" transform={valueTransform(plot, top)}>
        {bands}
      </g>
    </ZIndexLayer>
  );
}

export const StackedAreas = memo(StackedAreasImpl);
