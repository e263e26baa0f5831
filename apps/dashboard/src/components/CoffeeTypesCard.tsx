import { Suspense } from 'react';
import { LazyRankedBars, LazyStackedTimeChart } from '../charts/lazyCharts';
import { timeChartKind } from '../charts/timeChartKind';
import { useChartSeries } from '../hooks/useChartSeries';
import { useInProgressDate } from '../hooks/useInProgressDate';
import { formatNumber } from '../lib/formatNumber';
import { cardState } from './cardState';
import { ChartCard } from './ChartCard';
import { ChartLegend } from './ChartLegend';
import { ChartSkeleton } from './ChartSkeleton';
import type { StatisticCardProps } from './StatisticCardProps';

const HEIGHT = 220;
const RANKED_HEIGHT = 180;

/** Cups per coffee type over time (stacked) and the types ranked over the range. */
export function CoffeeTypesCard({ windows, known, precision, durationMs, per, phase, hasData, stale, updatedAt, chartWidth, branch, resolution, alerts }: StatisticCardProps) {
  const data = useChartSeries('Orders', windows, known, precision);
  const partialDate = useInProgressDate(windows, durationMs);
  const rankedHeight = Math.max(RANKED_HEIGHT, data.ranked.length * 22);
  return (
    <ChartCard
      testId="chart-coffee-types"
      title="Coffee types"
      caption={`${formatNumber(data.total)} cups in range`}
      total={data.total}
      updatedAt={updatedAt}
      state={cardState(phase, hasData, data.total)}
      stale={stale}
      height={HEIGHT + rankedHeight}
      legend={<ChartLegend label="Coffee types" items={data.series} onToggle={data.toggle} />}
    >
      <Suspense fallback={<ChartSkeleton height={HEIGHT + rankedHeight} />}>
        <LazyStackedTimeChart rows={data.rows} series={data.series} kind={timeChartKind(data.rows.length)} precision={precision} per={per} windowSeconds={durationMs / 1000} partialDate={partialDate} unit="cups" height={HEIGHT} width={chartWidth} branch={branch} resolution={resolution} alerts={alerts} />
        <h3 className="card__subtitle">Ranking in range</h3>
        <LazyRankedBars ranked={data.ranked} series={data.series} height={rankedHeight} />
      </Suspense>
    </ChartCard>
  );
}
