import { STATISTIC_TYPES, statisticTypeSpec, type StatisticType } from '@coffee/aggregation';
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

const HEIGHT = 240;

/** Types drawn by a card of their own (AgeGradesCard, PaymentMethodsCard, CoffeeTypesCard). */
const OWN_CARDS: ReadonlySet<StatisticType> = new Set<StatisticType>(['CustomerAgeGrades', 'PaymentMethods', 'Orders']);

/** Every other statistic type of the table, in table order: each gets a {@link StatisticTypeCard}. */
export const TABLE_CARD_TYPES: readonly StatisticType[] = STATISTIC_TYPES.filter((type) => !OWN_CARDS.has(type));

/** The card of any statistic type, from its table entry: its categories over time, stacked (like the age-grades card). */
export function StatisticTypeCard({ type, windows, known, precision, durationMs, per, phase, hasData, stale, updatedAt, chartWidth }: StatisticCardProps & { type: StatisticType }) {
  const spec = statisticTypeSpec(type);
  const data = useChartSeries(type, windows, known, precision);
  const partialDate = useInProgressDate(windows, durationMs);
  return (
    <ChartCard
      testId={`chart-${type}`}
      title={spec.title}
      caption={`${formatNumber(data.total)} ${spec.unit} in range`}
      total={data.total}
      updatedAt={updatedAt}
      state={cardState(phase, hasData, data.total)}
      stale={stale}
      height={HEIGHT}
      legend={<ChartLegend label={spec.title} items={data.series} onToggle={data.toggle} />}
    >
      <Suspense fallback={<ChartSkeleton height={HEIGHT} />}>
        <LazyStackedTimeChart rows={data.rows} series={data.series} kind={timeChartKind(data.rows.length)} precision={precision} per={per} windowSeconds={durationMs / 1000} partialDate={partialDate} unit={spec.unit} height={HEIGHT} width={chartWidth} />
      </Suspense>
    </ChartCard>
  );
}
