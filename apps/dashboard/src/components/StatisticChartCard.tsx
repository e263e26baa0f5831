import type { ReactNode } from 'react';
import { Suspense } from 'react';
import { LazyStackedTimeChart } from '../charts/lazyCharts';
import { timeChartKind } from '../charts/timeChartKind';
import type { ChartSeriesData } from '../hooks/useChartSeries';
import { useInProgressDate } from '../hooks/useInProgressDate';
import { formatNumber } from '../lib/formatNumber';
import { cardState } from './cardState';
import { ChartCard } from './ChartCard';
import { ChartLegend } from './ChartLegend';
import { ChartSkeleton } from './ChartSkeleton';
import type { StatisticCardProps } from './StatisticCardProps';

/** What one statistic's card shows besides the dashboard's props: its series, titles, unit and chart sizes. */
export interface StatisticChartCardProps extends StatisticCardProps {
  /** The statistic's series (`useChartSeries`). */
  data: ChartSeriesData;
  testId: string;
  title: string;
  /** The legend's name (`<legendLabel>: show or hide`). */
  legendLabel: string;
  /** What a count is, in the caption and on the value axis: `orders`, `cups`. */
  unit: string;
  /** Height of the time chart, px. */
  height: number;
  /** Always stacked areas (default: bars for short ranges, areas for long ones). */
  areas?: boolean;
  className?: string;
  /** A second chart under the time chart (`children`), headed by its subtitle. */
  below?: { subtitle: string; height: number };
  children?: ReactNode;
}

/** A statistic's card: its categories over time, stacked, with a legend that hides them; optionally a second chart below. */
export function StatisticChartCard({ data, testId, title, legendLabel, unit, height, areas = false, className, below, children, ...view }: StatisticChartCardProps) {
  const partialDate = useInProgressDate(view.windows, view.durationMs);
  const bodyHeight = height + (below?.height ?? 0);
  return (
    <ChartCard
      testId={testId}
      className={className}
      title={title}
      caption={`${formatNumber(data.total)} ${unit} in range`}
      total={data.total}
      updatedAt={view.updatedAt}
      state={cardState(view.phase, view.hasData, data.total)}
      stale={view.stale}
      height={bodyHeight}
      legend={<ChartLegend label={legendLabel} items={data.series} onToggle={data.toggle} />}
    >
      <Suspense fallback={<ChartSkeleton height={bodyHeight} />}>
        <LazyStackedTimeChart
          rows={data.rows}
          series={data.series}
          kind={timeChartKind(data.rows.length, areas)}
          precision={view.precision}
          per={view.per}
          windowSeconds={view.durationMs / 1000}
          partialDate={partialDate}
          unit={unit}
          height={height}
          width={view.chartWidth}
          branch={view.branch}
          resolution={view.resolution}
          alerts={view.alerts}
        />
        {below === undefined ? null : (
          <>
            <h3 className="card__subtitle">{below.subtitle}</h3>
            {children}
          </>
        )}
      </Suspense>
    </ChartCard>
  );
}
