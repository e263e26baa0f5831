import { STATISTIC_TYPES, type LiveStatisticsPacket, type StatisticType } from '@coffee/aggregation';

/** Result of {@link parseLivePacket}: the packet, or why the text is not one. */
export type LivePacketParse = { ok: true; packet: LiveStatisticsPacket } | { ok: false; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is { type: string; count: number } {
  return isRecord(value) && typeof value['type'] === 'string' && typeof value['count'] === 'number' && Number.isFinite(value['count']);
}

function isCounts(value: unknown): value is Record<string, number> {
  return isRecord(value) && Object.values(value).every((count) => typeof count === 'number' && Number.isFinite(count));
}

/**
 * Parses one message of the live channel into a typed packet: `{"header":"PUBLISH_STATISTICS",
 * "body":{branch, date, counts:[{type, count}], start, end, resolution, stats, final}}`.
 * Extra fields are kept; a missing or mistyped one makes the packet malformed.
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
  if (!isRecord(stats) || !STATISTIC_TYPES.every((type) => isCounts(stats[type]))) {
    return { ok: false, reason: `body.stats needs category counts for ${STATISTIC_TYPES.join(', ')}` };
  }
  const typedStats = {} as Record<StatisticType, Record<string, number>>;
  for (const type of STATISTIC_TYPES) {
    const typeCounts = stats[type];
    typedStats[type] = isCounts(typeCounts) ? typeCounts : {};
  }
  return {
    ok: true,
    packet: {
      header: 'PUBLISH_STATISTICS',
      body: { ...body, branch, date, counts, start, end, resolution, stats: typedStats, final },
    },
  };
}
