import { LazyRankedBars } from '../charts/lazyCharts';
import { useChartSeries } from '../hooks/useChartSeries';
import { StatisticChartCard } from './StatisticChartCard';
import type { StatisticCardProps } from './StatisticCardProps';

const HEIGHT = 220;
const RANKED_HEIGHT = 180;
/** Height of the card's body while it loads (also the pre-rendered page's skeleton, prerender/shell.tsx), px. */
export const COFFEE_TYPES_LOADING_HEIGHT = HEIGHT + RANKED_HEIGHT;

/** Cups per coffee type over time (stacked) and the types ranked over the range. */
export function CoffeeTypesCard(props: StatisticCardProps) {
  const data = useChartSeries('Orders', props.windows, props.known, props.precision);
  const rankedHeight = Math.max(RANKED_HEIGHT, data.ranked.length * 22);
  return (
    <StatisticChartCard
      {...props}
      data={data}
      testId="chart-coffee-types"
      title="Coffee types"
      legendLabel="Coffee types"
      unit="cups"
      height={HEIGHT}
      below={{ subtitle: 'Ranking in range', height: rankedHeight }}
    >
      <LazyRankedBars ranked={data.ranked} series={data.series} height={rankedHeight} />
    </StatisticChartCard>
  );
}
