import type { XAxisTickContentProps, YAxisTickContentProps } from 'recharts';

/** Baseline shift of one line of text per vertical anchor (recharts' Text with its default cap height). */
const DY = { start: '0.71em', middle: '0.355em', end: 0 } as const;

/**
 * An axis label as plain SVG text. recharts' own `Text` measures every label in the DOM to wrap it,
 * which forces a layout each time the labels change (every new window).
 */
export function AxisTick({ x, y, payload, textAnchor, verticalAnchor }: XAxisTickContentProps | YAxisTickContentProps) {
  return (
    <text x={x} y={y} dy={DY[verticalAnchor]} textAnchor={textAnchor} className="recharts-cartesian-axis-tick-value">
      {String(payload.value)}
    </text>
  );
}
