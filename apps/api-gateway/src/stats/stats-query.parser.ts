import { STATISTIC_TYPES, type StatisticType } from '@coffee/aggregation';
import { InvalidParameterError } from '../http/invalid-parameter.error';
import { HISTORY_FORMATS, type HistoryFormat } from './history-stream.encoder';
import { parseBranch, parsePositiveInt, parseResolution, parseStatisticTypes, parseTime, single, ALL_BRANCHES_NAME, type BranchName, type RawQuery } from './stat-params';
export type { RawQuery } from './stat-params';

/** Windows asked for when neither `last` nor `from`/`to` is given. */
export const DEFAULT_LAST = 20;

/** A validated `GET /api/stats` query. */
export interface StatsQuery {
  branch: BranchName;
  types: StatisticType[];
  resolution: string;
  /** The last N windows ending with the current one, or every window overlapping [from, to] (epoch ms). */
  span: { last: number } | { from: number; to: number };
  /** `format=`: the answer's form; absent when not given (the `Accept` header decides, JSON by default). */
  format?: HistoryFormat;
}

/** What the parser needs to know about the deployment. */
export interface StatsQueryContext {
  resolutions: readonly string[];
  baseResolution: string;
  maxWindows: number;
  now: number;
  /** Windows of `resolution` overlapping [from, to]; `Infinity` when far too many to enumerate. */
  countWindows(from: number, to: number, resolution: string): number;
}

function typeList(query: RawQuery): StatisticType[] {
  const value = query['type'];
  if (value === undefined) {
    return [...STATISTIC_TYPES];
  }
  const parts = (Array.isArray(value) ? value : [value]).flatMap((part: unknown) => (typeof part === 'string' ? part.split(',') : [part]));
  return parseStatisticTypes(parts.map((part) => (typeof part === 'string' ? part.trim() : part)));
}

/** Validates a history query; every problem throws an {@link InvalidParameterError} naming the parameter. */
export function parseStatsQuery(query: RawQuery, context: StatsQueryContext): StatsQuery {
  const format = single(query, 'format');
  if (format === undefined) {
    return parseSelection(query, context);
  }
  if (!(HISTORY_FORMATS as readonly string[]).includes(format)) {
    throw new InvalidParameterError('format', `must be one of ${HISTORY_FORMATS.join(', ')} (got '${format.slice(0, 32)}')`);
  }
  const parsed = parseSelection(query, context);
  parsed.format = format as HistoryFormat;
  return parsed;
}

function parseSelection(query: RawQuery, context: StatsQueryContext): StatsQuery {
  const branch = parseBranch(single(query, 'branch') ?? ALL_BRANCHES_NAME);
  const types = typeList(query);
  const resolutionValue = single(query, 'resolution');
  const resolution = resolutionValue === undefined ? context.baseResolution : parseResolution(resolutionValue, context.resolutions);
  const lastValue = single(query, 'last');
  const fromValue = single(query, 'from');
  const toValue = single(query, 'to');

  if (lastValue !== undefined) {
    if (fromValue !== undefined || toValue !== undefined) {
      throw new InvalidParameterError('last', 'cannot be combined with from/to');
    }
    return { branch, types, resolution, span: { last: parsePositiveInt(lastValue, context.maxWindows, 'last') } };
  }
  if (fromValue === undefined) {
    if (toValue !== undefined) {
      throw new InvalidParameterError('from', 'is required when to is given');
    }
    return { branch, types, resolution, span: { last: Math.min(DEFAULT_LAST, context.maxWindows) } };
  }
  const from = parseTime(fromValue, 'from');
  const to = toValue === undefined ? context.now : parseTime(toValue, 'to');
  if (from > to) {
    throw new InvalidParameterError('from', `must not be after to (${from} > ${to})`);
  }
  const windows = context.countWindows(from, to, resolution);
  if (windows > context.maxWindows) {
    const spans = Number.isFinite(windows) ? `${windows} windows` : 'too many windows';
    throw new InvalidParameterError('from', `range spans ${spans} of ${resolution}, more than the maximum of ${context.maxWindows}`);
  }
  return { branch, types, resolution, span: { from, to } };
}
