import type { RankedCategory } from '@coffee/aggregation';
import { createContext, useContext } from 'react';
import { DefaultZIndexes, usePlotArea, ZIndexLayer } from 'recharts';
import type { AlertMarker } from '../lib/alertMarkers';
import type { StackedRow } from '../lib/toStackedSeries';
import { AlertMarkers } from './AlertMarkers';
import type { ChartSeries } from './chartSeries';
import { SeriesTooltip } from './SeriesTooltip';
import { StackedAreas } from './StackedAreas';
import { StackedBars } from './StackedBars';
import { ValueAxis } from './ValueAxis';

/** What a time chart draws; handed down by context so that new counts do not re-render the recharts chart around the layer. */
export interface StackedLayerData {
  rows: readonly StackedRow[];
  series: readonly ChartSeries[];
  kind: 'bars' | 'areas';
  /** Value axis ticks, from 0 to the value at the top of the plot. */
  ticks: readonly number[];
  /** What the values count, per window: "orders per 30 s". */
  unit: string;
  /** Datestring of the window still filling, or null. */
  partialDate: string | null;
  /** Window under the keyboard cursor (the chart has focus), or null. */
  keyIndex: number | null;
  /** Alerts of the view, by the rows they concern. */
  markers: readonly AlertMarker[];
  /** Top-N coffee types of each window by window start (from `GET /api/top`), or null while not loaded. */
  top: ReadonlyMap<number, readonly RankedCategory[]> | null;
}

export const StackedLayerContext = createContext<StackedLayerData | null>(null);

const BAR_GAP_RATIO = 0.12;
const MAX_BAR_WIDTH = 36;

/** The chart's value axis and data, drawn from the context: stacked bars or areas. */
export function StackedLayer() {
  const data = useContext(StackedLayerContext);
  if (!data) {
    return null;
  }
  const top = data.ticks[data.ticks.length - 1];
  return (
    <>
      <ValueAxis ticks={data.ticks} top={top} unit={data.unit} />
      {data.kind === 'bars' ? (
        <StackedBars rows={data.rows} series={data.series} top={top} gapRatio={BAR_GAP_RATIO} maxBarWidth={MAX_BAR_WIDTH} partialDate={data.partialDate} />
      ) : (
        <StackedAreas rows={data.rows} series={data.series} top={top} partialDate={data.partialDate} />
      )}
      <AlertMarkers markers={data.markers} count={data.rows.length} kind={data.kind} />
      <KeyboardCursor data={data} />
    </>
  );
}

/** Marks the window the keyboard cursor is on: a band over a bar, a line at an area point. */
function KeyboardCursor({ data }: { data: StackedLayerData }) {
  const plot = usePlotArea();
  if (!plot || data.keyIndex === null || data.rows.length === 0) {
    return null;
  }
  const n = data.rows.length;
  const bars = data.kind === 'bars';
  const step = bars ? plot.width / n : n > 1 ? plot.width / (n - 1) : 0;
  const x = plot.x + data.keyIndex * step - (bars ? 0 : 1);
  return (
    <ZIndexLayer zIndex={DefaultZIndexes.cursorRectangle}>
      <rect className="keyboard-cursor" x={x} y={plot.y} width={bars ? step : 2} height={plot.height} />
    </ZIndexLayer>
  );
}

export interface LayerTooltipProps {
  /** recharts' active index (the window under the pointer or keyboard focus). */
  index: unknown;
  precision: number;
  unit: string;
}

/** Tooltip of the active window, from the context: its figures follow live updates while the pointer rests. */
export function LayerTooltip({ index, precision, unit }: LayerTooltipProps) {
  const data = useContext(StackedLayerContext);
  const at = index === null || index === undefined ? -1 : Number(index);
  const row = !data ? undefined : data.rows[at];
  return (
    <SeriesTooltip
      row={row}
      series={data?.series ?? []}
      precision={precision}
      unit={unit}
      partial={row !== undefined && row.date === data?.partialDate}
      alerts={data ? alertsAt(data.markers, at) : undefined}
      top={row === undefined ? undefined : data?.top?.get(row.start)}
    />
  );
}

/** Labels of the alerts whose band holds row `index`. */
export function alertsAt(markers: readonly AlertMarker[], index: number): string[] {
  return markers.filter((m) => m.from <= index && index <= m.to).map((m) => m.label);
}
