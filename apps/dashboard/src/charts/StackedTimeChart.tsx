import type { AlertRecord } from '@coffee/aggregation';
import { memo, useMemo, useState, type ReactElement } from 'react';
import { Area, AreaChart, Bar, BarChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useElementWidth } from './useElementWidth';
import { topQueryOf, useTopN } from '../hooks/useTopN';
import { alertMarkers } from '../lib/alertMarkers';
import { niceTicks } from '../lib/niceTicks';
import { keyboardIndex } from '../lib/keyboardIndex';
import { timeTicks, tickLabel } from '../lib/timeTicks';
import type { StackedRow } from '../lib/toStackedSeries';
import { AxisTick } from './AxisTick';
import type { ChartSeries } from './chartSeries';
import { SeriesTooltip } from './SeriesTooltip';
import { alertsAt, LayerTooltip, StackedLayer, StackedLayerContext } from './StackedLayer';

export interface StackedTimeChartProps {
  rows: readonly StackedRow[];
  /** `series[i]` is drawn from `row.values[i]`. */
  series: readonly ChartSeries[];
  kind: 'bars' | 'areas';
  precision: number;
  unit: string;
  /** One window after "per" (`30 s`, `minute`, `hour`, `day`): the value axis says "orders per 30 s". */
  per: string;
  /** Length of one window, s (the finest tick step). */
  windowSeconds: number;
  /** Datestring of the window still filling (drawn lighter / as a partial point), or null. */
  partialDate: string | null;
  height: number;
  /** Fixed width (tests); the chart fills its container otherwise. */
  width?: number;
  /** Branch of the view (`all` for every branch): which alerts are marked and whose top-N the tooltip shows. */
  branch?: string;
  /** Resolution id of the view (`30s`, `1m`, …), for `GET /api/top`; without it and `branch` the tooltip has no top-N. */
  resolution?: string;
  /** Alerts to mark at the windows they concern (those of `branch` and the chain's). */
  alerts?: readonly AlertRecord[];
}

const NO_ALERTS: readonly AlertRecord[] = [];

/** The left margin is the room of the value axis, which StackedLayer draws. */
const Y_AXIS_WIDTH = 44;
/** The top margin holds the value axis' unit ("orders per 30 s"). */
const MARGIN = { top: 24, right: 10, bottom: 0, left: Y_AXIS_WIDTH };
/** recharts' own y axis only scales the tooltip's anchor: fixed, hidden. */
const UNIT_DOMAIN = [0, 1];
const NOTHING = () => 0;

/** Rows as the x axis sees them: a new array only when the windows shown change, not when the counts do. */
function useAxisRows(rows: readonly StackedRow[]): { key: string; dates: string[]; starts: number[]; rows: { date: string }[] } {
  const key = rows.map((r) => `${r.date}@${r.start}`).join(',');
  return useMemo(() => {
    const pairs = key ? key.split(',').map((pair) => pair.split('@')) : [];
    const dates = pairs.map(([date = '']) => date);
    return { key, dates, starts: pairs.map(([, start]) => Number(start)), rows: dates.map((date) => ({ date })) };
  }, [key]);
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
 * grid lines more. The pointer tooltip is mounted only while the pointer is on the chart; the keyboard
 * layer is the chart's own (one visible focus stop, ←/→/Home/End, starting at the newest window).
 */
function StackedTimeChartImpl({ rows, series, kind, precision, unit, per, windowSeconds, partialDate, height, width, branch, resolution, alerts = NO_ALERTS }: StackedTimeChartProps) {
  const [interactive, setInteractive] = useState(false);
  // The keyboard cursor (our own: recharts' keyboard layer starts at the oldest window and focuses an outline-less svg).
  const [keyIndex, setKeyIndex] = useState<number | null>(null);
  const cursor = keyIndex === null ? null : Math.min(keyIndex, rows.length - 1);
  const [measure, measured] = useElementWidth<HTMLDivElement>();
  const chartWidth = width ?? measured ?? 0;
  const axisRows = useAxisRows(rows);
  const ticks = useStackTicks(rows, series);
  const plotWidth = chartWidth - MARGIN.left - MARGIN.right;
  const xTicks = useMemo(() => timeTicks(axisRows.dates, precision, windowSeconds, plotWidth), [axisRows, precision, windowSeconds, plotWidth]);
  const axisUnit = `${unit} per ${per}`;
  const markers = useMemo(() => alertMarkers(alerts, axisRows.starts, windowSeconds * 1000, branch ?? 'all'), [alerts, axisRows, windowSeconds, branch]);
  // The tooltip's top-N: asked once the pointer or the keyboard is on the chart, then held per view.
  const topQuery = useMemo(() => topQueryOf(branch, resolution, axisRows.starts), [branch, resolution, axisRows]);
  const top = useTopN(topQuery, interactive || cursor !== null);
  const layer = useMemo(
    () => ({ rows, series, kind, ticks, unit: axisUnit, partialDate, keyIndex: cursor, markers, top }),
    [rows, series, kind, ticks, axisUnit, partialDate, cursor, markers, top],
  );
  const chart = useMemo((): ReactElement | null => {
    if (chartWidth <= 0) {
      return null;
    }
    const bars = kind === 'bars';
    // Ticks chosen on round times (timeTicks) and drawn as plain text: recharts places and draws the labels without
    // measuring them in the DOM; the last one is right-aligned at the edge rather than cut.
    const format = (date: string) => tickLabel(date, precision, xTicks.stepSeconds);
    const children = [
      <XAxis
        key="x"
        dataKey="date"
        ticks={xTicks.dates}
        tick={(props) => <AxisTick {...props} format={format} minX={2} maxX={chartWidth - 2} />}
        tickLine={false}
        axisLine={false}
        interval={0}
        tickMargin={6}
      />,
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
    const props = { width: chartWidth, height, data: axisRows.rows, margin: MARGIN, accessibilityLayer: false };
    return bars ? <BarChart {...props}>{children}</BarChart> : <AreaChart {...props}>{children}</AreaChart>;
  }, [chartWidth, height, kind, xTicks, interactive, precision, unit, axisRows]);
  return (
    <div
      ref={width === undefined ? measure : undefined}
      className="time-chart"
      style={{ minHeight: height }}
      tabIndex={0}
      role="group"
      aria-label={`${axisUnit} over time${markers.length > 0 ? `, ${markers.length} alert${markers.length === 1 ? '' : 's'} marked` : ''}; ← → move between windows, starting at the newest`}
      onPointerEnter={() => setInteractive(true)}
      onPointerLeave={() => setInteractive(false)}
      onFocus={() => setKeyIndex(rows.length > 0 ? rows.length - 1 : null)}
      onBlur={() => setKeyIndex(null)}
      onKeyDown={(e) => {
        const next = keyboardIndex(e.key, cursor, rows.length);
        if (next !== null) {
          e.preventDefault();
          setKeyIndex(next);
        }
      }}
    >
      <StackedLayerContext.Provider value={layer}>{chart}</StackedLayerContext.Provider>
      {cursor !== null && cursor >= 0 && (
        <div className={cursor >= rows.length / 2 ? 'key-tooltip key-tooltip--left' : 'key-tooltip'} aria-live="polite" data-testid="key-tooltip">
          <SeriesTooltip
            row={rows[cursor]}
            series={series}
            precision={precision}
            unit={unit}
            partial={rows[cursor]?.date === partialDate}
            alerts={alertsAt(markers, cursor)}
            top={top?.get(rows[cursor]?.start ?? Number.NaN)}
          />
        </div>
      )}
    </div>
  );
}

export const StackedTimeChart = memo(StackedTimeChartImpl);
