import { createContext, useContext } from 'react';
import type { StackedRow } from '../lib/toStackedSeries';
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
    </>
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
  const row = index === null || index === undefined || !data ? undefined : data.rows[Number(index)];
  return <SeriesTooltip row={row} series={data?.series ?? []} precision={precision} unit={unit} partial={row !== undefined && row.date === data?.partialDate} />;
}
