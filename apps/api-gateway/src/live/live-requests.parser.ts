import type { StatisticType } from '@coffee/aggregation';
import { InvalidParameterError } from '../http/invalid-parameter.error';
import { parseBranch, parsePositiveInt, parseStatisticType, parseStatisticTypes, type BranchName } from '../stats/stat-params';

/** Most branches one `subscribe` may name. */
export const MAX_SUBSCRIBED_BRANCHES = 64;

/** A validated `subscribe` request. */
export interface SubscribeRequest {
  branches: BranchName[];
  /** Undefined: every type. */
  types: StatisticType[] | undefined;
}

/** A validated original-protocol `REQUEST_STATISTICS_HISTORY`. */
export interface LegacyHistoryRequest {
  branch: BranchName;
  type: StatisticType;
  count: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses `{ branches: [...], types?: [...] }`; a single branch string is accepted too. */
export function parseSubscribeRequest(request: unknown): SubscribeRequest {
  if (!isRecord(request)) {
    throw new InvalidParameterError('branches', 'subscribe needs { branches: [...], types?: [...] }');
  }
  const raw = typeof request['branches'] === 'string' ? [request['branches']] : request['branches'];
  if (!Array.isArray(raw)) {
    throw new InvalidParameterError('branches', 'must be a list of branch names (or all)');
  }
  if (raw.length > MAX_SUBSCRIBED_BRANCHES) {
    throw new InvalidParameterError('branches', `at most ${MAX_SUBSCRIBED_BRANCHES} branches (got ${raw.length})`);
  }
  const seen = new Map<string, BranchName>();
  for (const value of raw as unknown[]) {
    const branch = parseBranch(value, 'branches');
    seen.set(branch.stored, branch);
  }
  const rawTypes = request['types'];
  let types: StatisticType[] | undefined;
  if (rawTypes !== undefined && rawTypes !== null) {
    if (!Array.isArray(rawTypes)) {
      throw new InvalidParameterError('types', 'must be a list of statistic types');
    }
    types = parseStatisticTypes(rawTypes as unknown[], 'types');
  }
  return { branches: [...seen.values()], types };
}

/** Parses the body of `REQUEST_STATISTICS_HISTORY`: `{ branch, type, count }` (count ≤ `maxWindows`). */
export function parseLegacyHistoryRequest(body: unknown, maxWindows: number): LegacyHistoryRequest {
  if (!isRecord(body)) {
    throw new InvalidParameterError('body', 'must be { branch, type, count }');
  }
  return {
    branch: parseBranch(body['branch']),
    type: parseStatisticType(body['type']),
    count: parsePositiveInt(body['count'], maxWindows, 'count'),
  };
}
