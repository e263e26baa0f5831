import { memo, useMemo, useState, type ReactElement } from 'react';
import { Area, AreaChart, Bar, BarChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useElementWidth } from '../hooks/useElementWidth';
import { labelInterval } from '../lib/labelInterval';
import { niceTicks } from '../lib/niceTicks';
import type { StackedRow } from '../lib/toStackedSeries';
import { AxisTick } from './AxisTick';
import type { ChartSeries } from './chartSeries';
import { LayerTooltip, StackedLayer, StackedLayerContext } from './StackedLayer';

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

/** The left margin is the room of the value axis, which StackedLayer draws. */
const Y_AXIS_WIDTH = 44;
const MARGIN = { top: 8, right: 8, bottom: 0, left: Y_AXIS_WIDTH };
/** recharts' own y axis only scales the tooltip's anchor: fixed, hidden. */
const UNIT_DOMAIN = [0, 1];
const MIN_LABEL_GAP = 28;
const NOTHING = () => 0;

/** Rows as the x axis sees them: a new array only when the labels shown change, not when the counts do. */
function useAxisRows(rows: readonly StackedRow[]): { label: string }[] {
  const key = rows.map((r) => r.label).join('\u0000');
  return useMemo(() => (key ? key.split('\u0000').map((label) => ({ label })) : []), [key]);
}

/** Y ticks for the tallest visible stack; the same array while the ticks stay the same. */
function useStackTicks(rows: readonly StackedRow[], series: readonly ChartSeries[]): number[] {
  let max = 0;
  for (const row of rows) {
    let sum = 0;
    series.forEach((s, i) => {
      sum += s.hidden ? 0 : (row.values[i] ?? 0);
    });
    max = Math.max(max, sum);
  }
  const key = niceTicks(max).join(',');
  return useMemo(() => key.split(',').map(Number), [key]);
}

/**
 * Categories stacked per window over time, without animation: recharts draws the time axis, the
 * tooltip and the keyboard layer; `StackedLayer` the value axis, its grid and the data. recharts' own
 * `<Bar>` and `<Area>` re-create all their shapes on every data change, and any re-render of a
 * recharts chart re-runs its store, so each live update used to be a long task. Here the recharts
 * element is memoised on the window labels and the size, and counts and value ticks reach the layer
 * through context: a live update redraws one column (bars) or a few paths (areas), a new top a few
 * grid lines more. The tooltip and the keyboard layer are mounted only while the pointer or focus is
 * on the chart.
 */
function StackedTimeChartImpl({ rows, series, kind, precision, unit, height, width }: StackedTimeChartProps) {
  const [interactive, setInteractive] = useState(false);
  const [measure, measured] = useElementWidth<HTMLDivElement>();
  const chartWidth = width ?? measured ?? 0;
  const axisRows = useAxisRows(rows);
  const ticks = useStackTicks(rows, series);
  const labelChars = rows.reduce((a, r) => Math.max(a, r.label.length), 0);
  const interval = labelInterval(rows.length, chartWidth - MARGIN.left - MARGIN.right, labelChars, MIN_LABEL_GAP);
  const layer = useMemo(() => ({ rows, series, kind, ticks }), [rows, series, kind, ticks]);
  const chart = useMemo((): ReactElement | null => {
    if (chartWidth <= 0) {
      return null;
    }
    const bars = kind === 'bars';
    // Numeric intervals and plain-text ticks: recharts places and draws the labels without measuring them in the DOM.
    const children = [
      <XAxis key="x" dataKey="label" tick={AxisTick} tickLine={false} axisLine={false} interval={interval} tickMargin={6} />,
      <YAxis key="y" type="number" domain={UNIT_DOMAIN} allowDataOverflow hide />,
    ];
    if (interactive) {
      children.push(
        <Tooltip
          key="tooltip"
          cursor={{ className: 'chart-cursor' }}
          isAnimationActive={false}
          content={(props) => <LayerTooltip index={props.activeIndex} precision={precision} unit={unit} />}
        />,
        // recharts shows a tooltip only with a graphical item under it: an empty one over the drawn windows.
        bars ? (
          <Bar key="anchor" dataKey={NOTHING} fill="none" legendType="none" isAnimationActive={false} />
        ) : (
          <Area key="anchor" dataKey={NOTHING} stroke="none" fill="none" legendType="none" isAnimationActive={false} activeDot={false} />
        ),
      );
    }
    children.push(<StackedLayer key="layer" />);
    const props = { width: chartWidth, height, data: axisRows, margin: MARGIN, accessibilityLayer: interactive };
    return bars ? <BarChart {...props}>{children}</BarChart> : <AreaChart {...props}>{children}</AreaChart>;
  }, [chartWidth, height, kind, interval, interactive, precision, unit, axisRows]);
  return (
    <div
      ref={width === undefined ? measure : undefined}
      className="time-chart"
      style={{ minHeight: height }}
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
      <StackedLayerContext.Provider value={layer}>{chart}</StackedLayerContext.Provider>
    </div>
  );
}

export const StackedTimeChart = memo(StackedTimeChartImpl);
