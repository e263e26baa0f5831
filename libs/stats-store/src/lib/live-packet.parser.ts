import { STATISTIC_TYPES, type LiveStatisticsPacket, type StatisticType } from '@coffee/aggregation';

/**
 * A packet as the original Storm CounterBolt published it: one branch's customer age grade counts
 * for one window (`date` = `yyyyMMddHHmmss`), and nothing else (no epoch times, no other types).
 */
export interface OriginalLivePacket {
  header: 'PUBLISH_STATISTICS';
  body: { branch: string; date: string; counts: { type: string; count: number }[] };
}

/**
 * Result of {@link parseLivePacket}: a Coffee Pulse packet (`kind: 'extended'`), an original
 * CounterBolt packet (`kind: 'original'`), or why the text is neither.
 */
export type LivePacketParse =
  | { ok: true; kind: 'extended'; packet: LiveStatisticsPacket }
  | { ok: true; kind: 'original'; packet: OriginalLivePacket }
  | { ok: false; reason: string };

/** Body fields Coffee Pulse adds to the original packet; a body with none of them is an original one. */
const EXTENDED_FIELDS = ['start', 'end', 'resolution', 'stats', 'final'] as const;

const BASE_DATESTRING = /^\d{14}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is { type: string; count: number } {
  return isRecord(value) && typeof value['type'] === 'string' && typeof value['count'] === 'number' && Number.isFinite(value['count']);
}

function isCounts(value: unknown): value is Record<string, number> {
  return isRecord(value) && Object.values(value).every((count) => typeof count === 'number' && Number.isFinite(count));
}

function parseOriginal(branch: unknown, date: unknown, counts: unknown): LivePacketParse {
  if (typeof branch !== 'string' || branch === '' || typeof date !== 'string') {
    return { ok: false, reason: 'body.branch and body.date must be strings' };
  }
  if (!BASE_DATESTRING.test(date)) {
    return { ok: false, reason: 'body.date is not a yyyyMMddHHmmss datestring' };
  }
  if (!Array.isArray(counts) || !counts.every(isCount)) {
    return { ok: false, reason: 'body.counts is not a list of {type, count}' };
  }
  return {
    ok: true,
    kind: 'original',
    packet: { header: 'PUBLISH_STATISTICS', body: { branch, date, counts: counts.map(({ type, count }) => ({ type, count })) } },
  };
}

/**
 * Parses one message of the live channel into a typed packet. Two shapes are accepted:
 * - Coffee Pulse's: `{"header":"PUBLISH_STATISTICS","body":{branch, date, counts:[{type, count}],
 *   start, end, resolution, stats, final}}`; extra fields are kept; a missing or mistyped one makes
 *   the packet malformed;
 * - the original CounterBolt's: a body with none of `start`, `end`, `resolution`, `stats`, `final`,
 *   only `{branch, date, counts}` (`date` a 14-digit base datestring); anything else in it is dropped.
 */
export function parseLivePacket(text: string): LivePacketParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!isRecord(value) || value['header'] !== 'PUBLISH_STATISTICS') {
    return { ok: false, reason: 'header is not PUBLISH_STATISTICS' };
  }
  const body = value['body'];
  if (!isRecord(body)) {
    return { ok: false, reason: 'body is not an object' };
  }
  const { branch, date, resolution, start, end, final, counts, stats } = body;
  if (EXTENDED_FIELDS.every((field) => body[field] === undefined)) {
    return parseOriginal(branch, date, counts);
  }
  if (typeof branch !== 'string' || typeof date !== 'string' || typeof resolution !== 'string') {
    return { ok: false, reason: 'body.branch, body.date and body.resolution must be strings' };
  }
  if (typeof start !== 'number' || !Number.isFinite(start) || typeof end !== 'number' || !Number.isFinite(end)) {
    return { ok: false, reason: 'body.start and body.end must be epoch ms numbers' };
  }
  if (typeof final !== 'boolean') {
    return { ok: false, reason: 'body.final is not a boolean' };
  }
  if (!Array.isArray(counts) || !counts.every(isCount)) {
    return { ok: false, reason: 'body.counts is not a list of {type, count}' };
  }
  // A type the packet does not carry reads as no counts: a processor older than a type added to the table
  // (new types go at the end) keeps being shown during a rolling upgrade. A type it carries must be counts.
  if (!isRecord(stats) || !STATISTIC_TYPES.every((type) => stats[type] === undefined || isCounts(stats[type]))) {
    return { ok: false, reason: `body.stats must be an object of category counts per type (${STATISTIC_TYPES.join(', ')})` };
  }
  const typedStats = {} as Record<StatisticType, Record<string, number>>;
  for (const type of STATISTIC_TYPES) {
    const typeCounts = stats[type];
    typedStats[type] = isCounts(typeCounts) ? typeCounts : {};
  }
  return {
    ok: true,
    kind: 'extended',
    packet: {
      header: 'PUBLISH_STATISTICS',
      body: { ...body, branch, date, counts, start, end, resolution, stats: typedStats, final },
    },
  };
}
