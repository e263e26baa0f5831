import { memo, useMemo, useState } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { StackedRow } from '../lib/toStackedSeries';
import { chartSize } from './chartSize';
import type { ChartSeries } from './chartSeries';
import { SeriesTooltip } from './SeriesTooltip';

export interface StackedTimeChartProps {
  rows: readonly StackedRow[];
  /** `series[i]` is drawn from `row.values[i]`. */
  series: readonly ChartSeries[];
  kind: 'bars' | 'areas';
  precision: number;
  unit: string;
  height: number;
  /** Fixed width (tests); the chart fills its container otherwise. */
  width?: number;
}

const MARGIN = { top: 8, right: 8, bottom: 0, left: 0 };

/**
 * Categories stacked per window over time, without animation. The tooltip and the keyboard layer are
 * mounted only while the pointer or focus is on the chart: they roughly double the cost of a live update.
 */
function StackedTimeChartImpl({ rows, series, kind, precision, unit, height, width }: StackedTimeChartProps) {
  const [interactive, setInteractive] = useState(false);
  // Accessor functions, not `values.3` paths: recharts would parse the path for every value on every update.
  const count = series.length;
  const accessors = useMemo(() => Array.from({ length: count }, (_, i) => (row: StackedRow) => row.values[i] ?? 0), [count]);
  const common = { ...chartSize(height, width), data: rows as StackedRow[], margin: MARGIN, accessibilityLayer: interactive };
  const axes = [
    <CartesianGrid key="grid" vertical={false} />,
    <XAxis key="x" dataKey="label" tickLine={false} axisLine={false} minTickGap={28} interval="preserveStartEnd" tickMargin={6} />,
    <YAxis key="y" allowDecimals={false} tickLine={false} axisLine={false} width={44} />,
  ];
  if (interactive) {
    axes.push(
      <Tooltip
        key="tooltip"
        cursor={{ className: 'chart-cursor' }}
        isAnimationActive={false}
        content={(props) => <SeriesTooltip row={props.payload?.[0]?.payload as StackedRow | undefined} series={series} precision={precision} unit={unit} />}
      />,
    );
  }
  const chart =
    kind === 'areas' ? (
      <AreaChart {...common}>
        {axes}
        {series.map((s, i) => (
          <Area
            key={s.key}
            dataKey={accessors[i]}
            name={s.label}
            stackId="stack"
            type="monotoneX"
            stroke={s.color}
            fill={s.color}
            fillOpacity={0.8}
            strokeWidth={1}
            hide={s.hidden}
            isAnimationActive={false}
            activeDot={false}
          />
        ))}
      </AreaChart>
    ) : (
      <BarChart {...common} barCategoryGap="12%">
        {axes}
        {series.map((s, i) => (
          <Bar key={s.key} dataKey={accessors[i]} name={s.label} stackId="stack" fill={s.color} hide={s.hidden} isAnimationActive={false} maxBarSize={36} />
        ))}
      </BarChart>
    );
  return (
    <div
      className="time-chart"
      tabIndex={interactive ? -1 : 0}
      aria-label={`${unit} per window over time; focus for details`}
      onPointerEnter={() => setInteractive(true)}
      onPointerLeave={() => setInteractive(false)}
      onFocus={() => setInteractive(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) {
          setInteractive(false);
        }
      }}
    >
      {chart}
    </div>
  );
}

export const StackedTimeChart = memo(StackedTimeChartImpl);
