import { STATISTIC_TYPES, type LiveStatisticsBody, type StatisticType, type StatsWindow } from '@coffee/aggregation';
import { toClientBranch } from '../stats/stat-params';

/** Original-protocol counts: `[{ type: <category>, count }]`. */
export type LegacyCounts = { type: string; count: number }[];

/** `PUBLISH_STATISTICS` as the original browser protocol sends it, for one statistic type. */
export interface LegacyLivePacket {
  header: 'PUBLISH_STATISTICS';
  body: { branch: string; date: string; counts: LegacyCounts; type: StatisticType };
}

/** `RESPONSE_STATISTICS_HISTORY` of the original browser protocol. */
export interface LegacyHistoryPacket {
  header: 'RESPONSE_STATISTICS_HISTORY';
  body: { branch: string; type: StatisticType; history: { branch: string; date: string; counts: LegacyCounts }[] };
}

/** Key of a types selection (`*` for all types), to build one payload per distinct selection. */
export function typesKey(types: readonly StatisticType[] | undefined): string {
  return types === undefined || types.length === STATISTIC_TYPES.length ? '*' : [...types].sort().join(',');
}

/**
 * The `stats` event payload: the live body with the client-facing branch name (`all` for `*`) and,
 * when the client chose types, only those in `stats`. Extra body fields are kept.
 */
export function toStatsPayload(body: LiveStatisticsBody, types: readonly StatisticType[] | undefined): LiveStatisticsBody {
  if (types === undefined || types.length === STATISTIC_TYPES.length) {
    return { ...body, branch: toClientBranch(body.branch) };
  }
  const stats = {} as Record<StatisticType, Record<string, number>>;
  for (const type of types) {
    stats[type] = body.stats[type] ?? {};
  }
  return { ...body, branch: toClientBranch(body.branch), stats };
}

function toLegacyCounts(counts: Readonly<Record<string, number>>): LegacyCounts {
  return Object.entries(counts).map(([type, count]) => ({ type, count }));
}

/** The original `PUBLISH_STATISTICS` packet of one type: `{ branch, date, counts: [{type, count}] }` (+ `type`). */
export function toLegacyLivePacket(body: LiveStatisticsBody, type: StatisticType): LegacyLivePacket {
  return {
    header: 'PUBLISH_STATISTICS',
    body: { branch: toClientBranch(body.branch), date: body.date, counts: toLegacyCounts(body.stats[type] ?? {}), type },
  };
}

/** The original `RESPONSE_STATISTICS_HISTORY` packet. */
export function toLegacyHistoryPacket(branch: string, type: StatisticType, windows: readonly StatsWindow[]): LegacyHistoryPacket {
  const client = toClientBranch(branch);
  return {
    header: 'RESPONSE_STATISTICS_HISTORY',
    body: { branch: client, type, history: windows.map((window) => ({ branch: client, date: window.date, counts: toLegacyCounts(window.counts) })) },
  };
}
