import { Suspense } from 'react';
import { LazyStackedTimeChart } from '../charts/lazyCharts';
import { timeChartKind } from '../charts/timeChartKind';
import { useChartSeries } from '../hooks/useChartSeries';
import { useInProgressDate } from '../hooks/useInProgressDate';
import { formatNumber } from '../lib/formatNumber';
import { cardState } from './cardState';
import { ChartCard } from './ChartCard';
import { ChartLegend } from './ChartLegend';
import { ChartSkeleton } from './ChartSkeleton';
import type { StatisticCardProps } from './StatisticCardProps';

const HEIGHT = 260;

/** Orders per customer age grade over time, stacked (all ten grades, 8090 and 9999 included). */
export function AgeGradesCard({ windows, known, precision, durationMs, per, phase, hasData, stale, updatedAt, chartWidth, branch, resolution, alerts }: StatisticCardProps) {
  const data = useChartSeries('CustomerAgeGrades', windows, known, precision);
  const partialDate = useInProgressDate(windows, durationMs);
  return (
    <ChartCard
      testId="chart-age-grades"
      className="span-full"
      title="Customer age grades"
      caption={`${formatNumber(data.total)} orders in range`}
      total={data.total}
      updatedAt={updatedAt}
      state={cardState(phase, hasData, data.total)}
      stale={stale}
      height={HEIGHT}
      legend={<ChartLegend label="Age grades" items={data.series} onToggle={data.toggle} />}
    >
      <Suspense fallback={<ChartSkeleton height={HEIGHT} />}>
        <LazyStackedTimeChart rows={data.rows} series={data.series} kind={timeChartKind(data.rows.length)} precision={precision} per={per} windowSeconds={durationMs / 1000} partialDate={partialDate} unit="orders" height={HEIGHT} width={chartWidth} branch={branch} resolution={resolution} alerts={alerts} />
      </Suspense>
    </ChartCard>
  );
}
