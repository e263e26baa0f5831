import { ORDER_COUNT_TYPE, STATISTIC_TYPES, type LiveStatisticsBody, type StatisticType, type StatsWindow } from '@coffee/aggregation';
import type { OriginalLivePacket } from '@coffee/stats-store';
import { toClientBranch } from '../stats/stat-params';

/** Original-protocol counts: `[{ type: <category>, count }]`. */
export type LegacyCounts = { type: string; count: number }[];

/** `PUBLISH_STATISTICS` as the original browser protocol sends it, for one statistic type. */
export interface LegacyLivePacket {
  header: 'PUBLISH_STATISTICS';
  body: { branch: string; date: string; counts: LegacyCounts; type: StatisticType };
}

/** One window of `RESPONSE_STATISTICS_HISTORY`, as the original server built it from a stored hash. */
export interface LegacyWindow {
  branch: string;
  date: string;
  counts: LegacyCounts;
}

/** `RESPONSE_STATISTICS_HISTORY` of the original browser protocol: the body is the array of windows, oldest first. */
export interface LegacyHistoryPacket {
  header: 'RESPONSE_STATISTICS_HISTORY';
  body: LegacyWindow[];
}

/** A window of the original base resolution, when the gateway can name it. */
export interface BaseWindowRange {
  start: number;
  end: number;
  resolution: string;
}

/**
 * The `stats` payload of an original CounterBolt packet, as what it is: customer age grade counts
 * only (`stats` holds no other type), `start`/`end`/`resolution` when its date names a base
 * window, no `final`.
 */
export interface OriginalStatsPayload extends Partial<BaseWindowRange> {
  branch: string;
  date: string;
  counts: LegacyCounts;
  stats: Record<typeof ORDER_COUNT_TYPE, Record<string, number>>;
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

/**
 * The original `RESPONSE_STATISTICS_HISTORY` packet: `body` = `[{ branch, date, counts: [{type, count}] }]`,
 * in the order given (oldest first). Like the original server, which listed the fields of each
 * stored hash, `counts` names only the categories counted in that window (an empty window has `[]`);
 * counts are numbers (the original's were digit strings, which its page parsed with `parseInt`).
 */
export function toLegacyHistoryPacket(branch: string, windows: readonly StatsWindow[]): LegacyHistoryPacket {
  const client = toClientBranch(branch);
  return {
    header: 'RESPONSE_STATISTICS_HISTORY',
    body: windows.map((window) => ({ branch: client, date: window.date, counts: toLegacyCounts(window.counts).filter(({ count }) => count !== 0) })),
  };
}

/** An original CounterBolt packet for original-protocol clients: age grades, with `type` as for the others. */
export function originalToLegacyLivePacket(packet: OriginalLivePacket): LegacyLivePacket {
  const { branch, date, counts } = packet.body;
  return { header: 'PUBLISH_STATISTICS', body: { branch: toClientBranch(branch), date, counts, type: ORDER_COUNT_TYPE } };
}

/** An original CounterBolt packet for `stats` subscribers (see {@link OriginalStatsPayload}). */
export function originalToStatsPayload(packet: OriginalLivePacket, window: BaseWindowRange | undefined): OriginalStatsPayload {
  const { branch, date, counts } = packet.body;
  // fromEntries defines own properties: a category named __proto__ stays a category.
  const ageGrades = Object.fromEntries(counts.map(({ type, count }) => [type, count]));
  return { branch: toClientBranch(branch), date, counts, ...window, stats: { [ORDER_COUNT_TYPE]: ageGrades } };
}
