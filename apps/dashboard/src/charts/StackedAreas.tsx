import { memo, type ReactElement } from 'react';
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
  /** Datestring of the window still filling: the areas end at the window before it, which is drawn as dashed segments to open points. */
  partialDate: string | null;
}

/**
 * Stacked areas drawn inside a recharts area chart (over its point x axis): a filled band per visible
 * series, its upper edge stroked, as recharts' `<Area type="monotoneX">` draws it. A few paths (x in
 * px, y in value units under one scaling transform) recomputed per update, instead of recharts
 * re-creating every area and re-running its store.
 */
function StackedAreasImpl({ rows, series, top, partialDate }: StackedAreasProps) {
  const plot = usePlotArea();
  if (!plot || rows.length === 0 || !(top > 0)) {
    return null;
  }
  const n = rows.length;
  const xs = rows.map((_, i) => (n > 1 ? plot.x + (i * plot.width) / (n - 1) : plot.x + plot.width / 2));
  // The window still filling is not part of the areas: drawn as a drop it reads as a crash in orders.
  const partial = n > 1 && rows[n - 1].date === partialDate;
  const complete = partial ? n - 1 : n;
  const areaXs = xs.slice(0, complete);
  const backXs = [...areaXs].reverse();
  const y = (value: number) => plot.y + plot.height - (value * plot.height) / top;
  let lower = rows.map(() => 0);
  const points: ReactElement[] = [];
  const bands = series.flatMap((s, i) => {
    if (s.hidden) {
      return [];
    }
    const upper = rows.map((row, j) => lower[j] + Math.max(0, row.values[i] ?? 0));
    const edge = monotoneCurve(areaXs, upper.slice(0, complete), 'M');
    const fill = `${edge}${monotoneCurve(backXs, lower.slice(0, complete).reverse(), 'L')}Z`;
    if (partial) {
      const [x0, x1, y0, y1] = [xs[n - 2], xs[n - 1], y(upper[n - 2]), y(upper[n - 1])];
      points.push(
        <g key={s.key} className="stacked-areas__partial">
          <path d={`M${x0},${y0}L${x1},${y1}`} stroke={s.color} strokeDasharray="3 3" fill="none" />
          <circle cx={x1} cy={y1} r={3.5} stroke={s.color} strokeWidth={1.5} className="stacked-areas__partial-point" />
        </g>,
      );
    }
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
      {points.length > 0 && (
        <g className="stacked-areas__partials" data-date={partialDate ?? undefined}>
          {points}
        </g>
      )}
    </ZIndexLayer>
  );
}

export const StackedAreas = memo(StackedAreasImpl);
