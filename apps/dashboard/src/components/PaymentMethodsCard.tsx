import { LazyShareDonut } from '../charts/lazyCharts';
import { useChartSeries } from '../hooks/useChartSeries';
import { CARD_METHODS } from '../lib/computeKpis';
import { formatPercent } from '../lib/formatPercent';
import { StatisticChartCard } from './StatisticChartCard';
import type { StatisticCardProps } from './StatisticCardProps';

const HEIGHT = 220;
const DONUT_HEIGHT = 180;
/** Height of the card's body (charts or skeleton; also the pre-rendered page's skeleton, prerender/shell.tsx), px. */
export const PAYMENT_METHODS_HEIGHT = HEIGHT + DONUT_HEIGHT;

/** Payment methods over time (stacked areas) and their share of the range (donut). */
export function PaymentMethodsCard(props: StatisticCardProps) {
  const data = useChartSeries('PaymentMethods', props.windows, props.known, props.precision);
  const card = data.ranked.filter((r) => CARD_METHODS.includes(r.category)).reduce((a, r) => a + r.total, 0);
  return (
    <StatisticChartCard
      {...props}
      data={data}
      testId="chart-payment-methods"
      title="Payment methods"
      legendLabel="Payment methods"
      unit="orders"
      height={HEIGHT}
      areas
      below={{ subtitle: 'Share in range', height: DONUT_HEIGHT }}
    >
      <LazyShareDonut
        ranked={data.ranked}
        series={data.series}
        centerValue={formatPercent(data.total > 0 ? card / data.total : null)}
        centerLabel="by card"
        unit="orders"
        height={DONUT_HEIGHT}
      />
    </StatisticChartCard>
  );
}
