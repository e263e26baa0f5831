import { Suspense } from 'react';
import { LazyShareDonut, LazyStackedTimeChart } from '../charts/lazyCharts';
import { useChartSeries } from '../hooks/useChartSeries';
import { useInProgressDate } from '../hooks/useInProgressDate';
import { CARD_METHODS } from '../lib/computeKpis';
import { formatNumber } from '../lib/formatNumber';
import { formatPercent } from '../lib/formatPercent';
import { cardState } from './cardState';
import { ChartCard } from './ChartCard';
import { ChartLegend } from './ChartLegend';
import { ChartSkeleton } from './ChartSkeleton';
import type { StatisticCardProps } from './StatisticCardProps';

const HEIGHT = 220;
const DONUT_HEIGHT = 180;

/** Payment methods over time (stacked areas) and their share of the range (donut). */
export function PaymentMethodsCard({ windows, known, precision, durationMs, per, phase, hasData, stale, updatedAt, chartWidth, branch, resolution, alerts }: StatisticCardProps) {
  const data = useChartSeries('PaymentMethods', windows, known, precision);
  const partialDate = useInProgressDate(windows, durationMs);
  const card = data.ranked.filter((r) => CARD_METHODS.includes(r.category)).reduce((a, r) => a + r.total, 0);
  return (
    <ChartCard
      testId="chart-payment-methods"
      title="Payment methods"
      caption={`${formatNumber(data.total)} orders in range`}
      total={data.total}
      updatedAt={updatedAt}
      state={cardState(phase, hasData, data.total)}
      stale={stale}
      height={HEIGHT + DONUT_HEIGHT}
      legend={<ChartLegend label="Payment methods" items={data.series} onToggle={data.toggle} />}
    >
      <Suspense fallback={<ChartSkeleton height={HEIGHT + DONUT_HEIGHT} />}>
        <LazyStackedTimeChart rows={data.rows} series={data.series} kind="areas" precision={precision} per={per} windowSeconds={durationMs / 1000} partialDate={partialDate} unit="orders" height={HEIGHT} width={chartWidth} branch={branch} resolution={resolution} alerts={alerts} />
        <h3 className="card__subtitle">Share in range</h3>
        <LazyShareDonut
          ranked={data.ranked}
          series={data.series}
          centerValue={formatPercent(data.total > 0 ? card / data.total : null)}
          centerLabel="by card"
          unit="orders"
          height={DONUT_HEIGHT}
        />
      </Suspense>
    </ChartCard>
  );
}
