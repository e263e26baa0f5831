import { STATISTIC_TYPES, statisticTypeSpec, type StatisticType } from '@coffee/aggregation';
import { useChartSeries } from '../hooks/useChartSeries';
import type { StatisticCardProps } from './StatisticCardProps';
import { StatisticChartCard } from './StatisticChartCard';

const HEIGHT = 240;

/** Types drawn by a card of their own (AgeGradesCard, PaymentMethodsCard, CoffeeTypesCard). */
const OWN_CARDS: ReadonlySet<StatisticType> = new Set<StatisticType>(['CustomerAgeGrades', 'PaymentMethods', 'Orders']);

/** Every other statistic type of the table, in table order: each gets a {@link StatisticTypeCard}. */
export const TABLE_CARD_TYPES: readonly StatisticType[] = STATISTIC_TYPES.filter((type) => !OWN_CARDS.has(type));

/**
 * The card of any statistic type, from its table entry: its categories over time, stacked (like the age-grades card).
 * It draws no alert markers or top-N tooltip (no branch, resolution or alerts passed on).
 */
export function StatisticTypeCard({ type, branch: _branch, resolution: _resolution, alerts: _alerts, ...props }: StatisticCardProps & { type: StatisticType }) {
  const spec = statisticTypeSpec(type);
  const data = useChartSeries(type, props.windows, props.known, props.precision);
  return <StatisticChartCard {...props} data={data} testId={`chart-${type}`} title={spec.title} legendLabel={spec.title} unit={spec.unit} height={HEIGHT} />;
}
