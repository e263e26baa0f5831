import { useChartSeries } from '../hooks/useChartSeries';
import { StatisticChartCard } from './StatisticChartCard';
import type { StatisticCardProps } from './StatisticCardProps';

/** Height of the chart (also the pre-rendered first chart's box, prerender/shell.tsx), px. */
export const AGE_GRADES_HEIGHT = 260;

/** Orders per customer age grade over time, stacked (all ten grades, 8090 and 9999 included). */
export function AgeGradesCard(props: StatisticCardProps) {
  const data = useChartSeries('CustomerAgeGrades', props.windows, props.known, props.precision);
  return (
    <StatisticChartCard
      {...props}
      data={data}
      testId="chart-age-grades"
      className="span-full"
      title="Customer age grades"
      legendLabel="Age grades"
      unit="orders"
      height={AGE_GRADES_HEIGHT}
    />
  );
}
