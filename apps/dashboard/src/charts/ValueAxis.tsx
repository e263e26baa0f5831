import { memo } from 'react';
import { DefaultZIndexes, usePlotArea, ZIndexLayer } from 'recharts';
import { formatCompact } from '../lib/formatCompact';

export interface ValueAxisProps {
  /** Values with a grid line and a label, from 0 to `top`. */
  ticks: readonly number[];
  /** Value at the top of the plot. */
  top: number;
  /** Unit written above the labels: "orders per 30 s". */
  unit: string;
}

/** Gap between a value label and the plot, px. */
const LABEL_GAP = 8;

/**
 * The value (y) axis of a stacked time chart: horizontal grid lines, their labels left of the plot in
 * compact notation (`20k`, never clipped) and the unit above them.
 * Drawn here rather than by recharts' YAxis and CartesianGrid, so that a new top (a window outgrowing
 * the others) redraws a few lines instead of re-running the chart's store.
 */
function ValueAxisImpl({ ticks, top, unit }: ValueAxisProps) {
  const plot = usePlotArea();
  if (!plot || !(top > 0)) {
    return null;
  }
  const y = (value: number) => plot.y + plot.height - (value * plot.height) / top;
  return (
    <>
      <ZIndexLayer zIndex={DefaultZIndexes.grid}>
        <g className="value-grid">
          {ticks.map((tick) => (
            <line key={tick} className="value-grid__line" x1={plot.x} x2={plot.x + plot.width} y1={y(tick)} y2={y(tick)} />
          ))}
        </g>
      </ZIndexLayer>
      <ZIndexLayer zIndex={DefaultZIndexes.axis}>
        <g className="value-axis">
          {ticks.map((tick) => (
            <text key={tick} className="axis-label" x={plot.x - LABEL_GAP} y={y(tick)} dy="0.355em" textAnchor="end">
              {formatCompact(tick)}
            </text>
          ))}
          <text className="axis-unit" x={4} y={plot.y - 10}>
            {unit}
          </text>
        </g>
      </ZIndexLayer>
    </>
  );
}

export const ValueAxis = memo(ValueAxisImpl);
