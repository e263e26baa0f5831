import type { StatisticType } from '@coffee/aggregation';
import { InvalidParameterError } from '../http/invalid-parameter.error';
import { describe, parseBranch, parseStatisticType, type BranchName } from './stat-params';
import type { RawQuery } from './stats-query.parser';

/** Validated `:branch/:date/:type` of the original single-hash route. */
export interface WindowParams {
  branch: BranchName;
  /** A datestring of one configured resolution (14, 12, 10 or 8 digits). */
  date: string;
  type: StatisticType;
}

/** The part of `Windowing` the parser needs. */
export interface DatestringParser {
  parseDatestring(date: string, resolution?: string): unknown;
}

/** Validates the route parameters; the date must name a window of a configured resolution. */
export function parseWindowParams(params: RawQuery, windowing: DatestringParser): WindowParams {
  const branch = parseBranch(params['branch']);
  const date = params['date'];
  if (typeof date !== 'string' || !/^[0-9]{8,14}$/.test(date)) {
    throw new InvalidParameterError('date', `must be a datestring yyyyMMddHHmmss, yyyyMMddHHmm, yyyyMMddHH or yyyyMMdd (got ${describe(date)})`);
  }
  try {
    windowing.parseDatestring(date);
  } catch (error) {
    throw new InvalidParameterError('date', error instanceof Error ? error.message : 'is not a window datestring');
  }
  return { branch, date, type: parseStatisticType(params['type']) };
}
