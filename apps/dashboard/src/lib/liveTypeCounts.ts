import { STATISTIC_TYPES, type LiveStatisticsBody, type StatisticType } from '@coffee/aggregation';

const cleanCounts = (raw: unknown): Record<string, number> | undefined => {
  if (!raw || typeof raw !== 'object') {
    return undefined;
  }
  const counts: Record<string, number> = {};
  for (const [category, value] of Object.entries(raw)) {
    if (typeof value === 'number' && Number.isFinite(value)) {
      counts[category] = value;
    }
  }
  return counts;
};

/**
 * The totals per statistic type carried by a live body: `stats[type]`, falling back to the
 * original `counts` array for customer age grades. Types the body does not carry are absent.
 */
export function liveTypeCounts(body: LiveStatisticsBody): Partial<Record<StatisticType, Record<string, number>>> {
  const result: Partial<Record<StatisticType, Record<string, number>>> = {};
  const stats: Partial<Record<StatisticType, unknown>> = body.stats ?? {};
  for (const type of STATISTIC_TYPES) {
    const counts = cleanCounts(stats[type]);
    if (counts) {
      result[type] = counts;
    }
  }
  if (!result.CustomerAgeGrades && Array.isArray(body.counts)) {
    result.CustomerAgeGrades = cleanCounts(Object.fromEntries(body.counts.map((c) => [c.type, c.count])));
  }
  return result;
}
