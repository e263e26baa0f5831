import type { XAxisTickContentProps } from 'recharts';
import { fitLabel } from '../lib/timeTicks';

/** Baseline shift of one line of text per vertical anchor (recharts' Text with its default cap height). */
const DY = { start: '0.71em', middle: '0.355em', end: 0 } as const;

export interface AxisTickProps extends XAxisTickContentProps {
  /** Label of a tick value (a datestring). */
  format: (value: string) => string;
  /** Room of the labels, px: a label crossing an edge is aligned to it instead of cut. */
  minX: number;
  maxX: number;
}

/**
 * A time-axis label as plain SVG text. recharts' own `Text` measures every label in the DOM to wrap it,
 * which forces a layout each time the labels change (every new window).
 */
export function AxisTick({ x, y, payload, verticalAnchor, format, minX, maxX }: AxisTickProps) {
  const text = format(String(payload.value));
  const placed = fitLabel(Number(x), text.length, minX, maxX);
  return (
    <text x={placed.x} y={y} dy={DY[verticalAnchor]} textAnchor={placed.anchor} className="recharts-cartesian-axis-tick-value">
      {text}
    </text>
  );
}
