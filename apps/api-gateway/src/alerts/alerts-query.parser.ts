import { ALERT_RULE_NAMES, STATISTIC_TYPES, type AlertRuleName, type StatisticType } from '@coffee/aggregation';
import { InvalidParameterError } from '../http/invalid-parameter.error';
import { ALL_BRANCHES_NAME, describe, parseBranch, parsePositiveInt, parseResolution, parseStatisticType, parseTime, single, type BranchName, type RawQuery } from '../stats/stat-params';
import type { AlertsApiConfig } from './alerts-api.config';
export type { RawQuery } from '../stats/stat-params';

/** A validated `GET /api/alerts` query. */
export interface AlertsQuery {
  /** Alerts active at some time in [from, to] (epoch ms); open-ended when absent. */
  readonly from?: number;
  readonly to?: number;
  readonly branch?: BranchName;
  readonly rule?: AlertRuleName;
  readonly state?: 'open' | 'resolved';
  readonly limit: number;
}

/** A validated `GET /api/top` query. */
export interface TopQuery {
  readonly branch: BranchName;
  readonly type: StatisticType;
  readonly n: number;
  readonly resolution: string;
  readonly from: number;
  readonly to: number;
}

const DEFAULT_ALERT_LIMIT = 100;
/** Windows `GET /api/top` covers when `from` is absent. */
export const DEFAULT_TOP_WINDOWS = 20;

function fromTo(query: RawQuery): { from?: number; to?: number } {
  const fromText = single(query, 'from');
  const toText = single(query, 'to');
  const from = fromText === undefined ? undefined : parseTime(fromText, 'from');
  const to = toText === undefined ? undefined : parseTime(toText, 'to');
  if (from !== undefined && to !== undefined && from > to) {
    throw new InvalidParameterError('from', `must not be after to (${from} > ${to})`);
  }
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

/** Validates `GET /api/alerts?from&to&branch&rule&state&limit`. */
export function parseAlertsQuery(query: RawQuery, config: AlertsApiConfig): AlertsQuery {
  const branchText = single(query, 'branch');
  const ruleText = single(query, 'rule');
  const stateText = single(query, 'state');
  const limitText = single(query, 'limit');
  if (ruleText !== undefined && !(ALERT_RULE_NAMES as readonly string[]).includes(ruleText)) {
    throw new InvalidParameterError('rule', `must be one of ${ALERT_RULE_NAMES.join(', ')} (got ${describe(ruleText)})`);
  }
  if (stateText !== undefined && stateText !== 'open' && stateText !== 'resolved') {
    throw new InvalidParameterError('state', `must be open or resolved (got ${describe(stateText)})`);
  }
  return {
    ...fromTo(query),
    ...(branchText === undefined ? {} : { branch: parseBranch(branchText) }),
    ...(ruleText === undefined ? {} : { rule: ruleText as AlertRuleName }),
    ...(stateText === undefined ? {} : { state: stateText }),
    limit: limitText === undefined ? Math.min(DEFAULT_ALERT_LIMIT, config.maxAlerts) : parsePositiveInt(limitText, config.maxAlerts, 'limit'),
  };
}

/** Validates `GET /api/top?type&n&resolution&from&to&branch`; `to` defaults to `now`, `from` to 20 windows before it. */
export function parseTopQuery(
  query: RawQuery,
  config: AlertsApiConfig,
  context: { resolutions: readonly string[]; baseResolution: string; now: number; windowMs: (resolution: string) => number },
): TopQuery {
  const resolutionText = single(query, 'resolution');
  const resolution = resolutionText === undefined ? context.baseResolution : parseResolution(resolutionText, context.resolutions);
  const typeText = single(query, 'type');
  const nText = single(query, 'n');
  const span = fromTo(query);
  const to = span.to ?? context.now;
  const from = span.from ?? to - (DEFAULT_TOP_WINDOWS - 1) * context.windowMs(resolution);
  if (from > to) {
    throw new InvalidParameterError('from', `must not be after to (${from} > ${to})`);
  }
  const windows = Math.floor((to - from) / context.windowMs(resolution)) + 1;
  if (windows > config.topMaxWindows) {
    throw new InvalidParameterError('from', `the range spans about ${windows} ${resolution} windows, at most ${config.topMaxWindows} (TOP_MAX_WINDOWS) allowed`);
  }
  return {
    branch: parseBranch(single(query, 'branch') ?? ALL_BRANCHES_NAME),
    type: typeText === undefined ? 'Orders' : parseStatisticType(typeText),
    n: nText === undefined ? Math.min(3, config.topMaxN) : parsePositiveInt(nText, config.topMaxN, 'n'),
    resolution,
    from,
    to,
  };
}

/** Every statistic type name, for the API docs. */
export const TOP_TYPES: readonly StatisticType[] = STATISTIC_TYPES;
