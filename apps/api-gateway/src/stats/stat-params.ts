import { ALL_BRANCHES, STATISTIC_TYPES, type StatisticType } from '@coffee/aggregation';
import { isValidBranchName } from '@coffee/order-schema';
import { InvalidParameterError } from '../http/invalid-parameter.error';

/** Client-facing name of the all-branches roll-up (stored under `*`). */
export const ALL_BRANCHES_NAME = 'all';

/** Latest instant accepted as a time parameter: 9999-12-31T23:59:59.999Z. */
export const MAX_TIME_MS = 253_402_300_799_999;

/** A branch as clients name it (`all` for the roll-up) and as it is stored (`*`). */
export interface BranchName {
  client: string;
  stored: string;
}

// The contract's own rule, checked before the library's (which may be extended): 1..64 characters,
// no `:`, glob characters (`* ? [ ] \`), white space or control characters.
const FORBIDDEN = /[:*?[\]\\\s\p{Cc}]/u;

/** Parses a client branch name (`all` or a real branch); throws naming `parameter` when it cannot be one. */
export function parseBranch(value: unknown, parameter = 'branch'): BranchName {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidParameterError(parameter, 'must be a branch name or all');
  }
  if (value === ALL_BRANCHES_NAME) {
    return { client: ALL_BRANCHES_NAME, stored: ALL_BRANCHES };
  }
  if (value.length > 64) {
    throw new InvalidParameterError(parameter, `must be at most 64 characters (got ${value.length})`);
  }
  if (FORBIDDEN.test(value) || !isValidBranchName(value)) {
    throw new InvalidParameterError(parameter, 'must not contain ":", "*", "?", "[", "]", "\\", white space or control characters');
  }
  return { client: value, stored: value };
}

/** Client-facing name of a stored branch (`*` → `all`). */
export function toClientBranch(stored: string): string {
  return stored === ALL_BRANCHES ? ALL_BRANCHES_NAME : stored;
}

/** Parses one statistic type name. */
export function parseStatisticType(value: unknown, parameter = 'type'): StatisticType {
  const type = STATISTIC_TYPES.find((known) => known === value);
  if (type === undefined) {
    throw new InvalidParameterError(parameter, `unknown statistic type ${describe(value)} (expected one of ${STATISTIC_TYPES.join(', ')})`);
  }
  return type;
}

/** Parses a non-empty list of statistic types (duplicates removed, order kept). */
export function parseStatisticTypes(values: readonly unknown[], parameter = 'type'): StatisticType[] {
  if (values.length === 0) {
    throw new InvalidParameterError(parameter, `must name at least one statistic type (${STATISTIC_TYPES.join(', ')})`);
  }
  return [...new Set(values.map((value) => parseStatisticType(value, parameter)))];
}

/** Parses a resolution id against the configured ones. */
export function parseResolution(value: unknown, resolutions: readonly string[], parameter = 'resolution'): string {
  const resolution = resolutions.find((known) => known === value);
  if (resolution === undefined) {
    throw new InvalidParameterError(parameter, `unknown resolution ${describe(value)} (expected one of ${resolutions.join(', ')})`);
  }
  return resolution;
}

/** Parses a positive integer no greater than `max`, given as digits (or as a number, over WebSocket). */
export function parsePositiveInt(value: unknown, max: number, parameter: string): number {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^[0-9]{1,16}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < 1) {
    throw new InvalidParameterError(parameter, `must be a positive integer (got ${describe(value)})`);
  }
  if (parsed > max) {
    throw new InvalidParameterError(parameter, `must be at most ${max} (got ${parsed})`);
  }
  return parsed;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parses a time given as epoch ms (digits) or as an ISO 8601 date-time with a zone
 * (`2024-05-01T09:30:00+09:00`, `2024-05-01T00:30:00.000Z`). Between 1970 and year 9999.
 */
export function parseTime(value: unknown, parameter: string): number {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidParameterError(parameter, 'must be epoch milliseconds or an ISO 8601 date-time');
  }
  if (/^[0-9]{1,16}$/.test(value)) {
    const ms = Number(value);
    if (ms > MAX_TIME_MS) {
      throw new InvalidParameterError(parameter, `must be at most ${MAX_TIME_MS} (year 9999), got ${value}`);
    }
    return ms;
  }
  const match = ISO.exec(value);
  if (match === null) {
    throw new InvalidParameterError(
      parameter,
      `must be epoch milliseconds or an ISO 8601 date-time with a zone such as 2024-05-01T09:30:00+09:00 (got ${describe(value)})`,
    );
  }
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(match[i]));
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const millis = match[7] === undefined ? 0 : Number(match[7].padEnd(3, '0'));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(local);
  const real =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    check.getUTCHours() === hour &&
    check.getUTCMinutes() === minute &&
    check.getUTCSeconds() === second;
  const zone = match[8];
  const zoneHours = zone === 'Z' ? 0 : Number(zone.slice(1, 3));
  const zoneMinutes = zone === 'Z' ? 0 : Number(zone.slice(-2));
  if (!real || zoneHours > 23 || zoneMinutes > 59) {
    throw new InvalidParameterError(parameter, `is not a real calendar time: ${describe(value)}`);
  }
  const offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  const ms = local - offsetMinutes * 60_000;
  if (ms < 0 || ms > MAX_TIME_MS) {
    throw new InvalidParameterError(parameter, `must be between 1970 and year 9999 (got ${value})`);
  }
  return ms;
}

/** Short, safe rendering of a client-supplied value for an error message. */
export function describe(value: unknown): string {
  if (value === undefined) {
    return '(missing)';
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  return shown;
}

/** Raw query string values as Express hands them over (a repeated key becomes an array). */
export type RawQuery = Readonly<Record<string, unknown>>;

/** The one value of query parameter `name`, or `undefined` when absent; a repeated parameter is a 400. */
export function single(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new InvalidParameterError(name, 'must be given once');
  }
  return value;
}
