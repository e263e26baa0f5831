import { RedisIoError } from './redis-io.error';

/**
 * One raw stream entry: id and flat field/value list (null when the entry was deleted). Values
 * are Buffers when the reply was read as Buffers (`callBuffer`), strings otherwise.
 */
export interface RawStreamEntry {
  id: string;
  fields: (string | Buffer)[] | null;
}

function isText(value: unknown): value is string | Buffer {
  return typeof value === 'string' || Buffer.isBuffer(value);
}

function entries(reply: unknown, what: string): RawStreamEntry[] {
  if (!Array.isArray(reply)) {
    throw new RedisIoError('UNEXPECTED_REPLY', `${what}: expected a list of entries`);
  }
  return reply.map((item: unknown) => {
    if (!Array.isArray(item) || !isText(item[0])) {
      throw new RedisIoError('UNEXPECTED_REPLY', `${what}: malformed entry`);
    }
    const fields: unknown = item[1];
    return { id: String(item[0]), fields: Array.isArray(fields) ? fields.map((field: unknown) => (Buffer.isBuffer(field) ? field : String(field))) : null };
  });
}

/** Entries of the one stream read by `XREADGROUP … STREAMS <key> <id>` (empty on a timeout). */
export function parseReadGroupReply(reply: unknown): RawStreamEntry[] {
  if (reply === null) {
    return [];
  }
  if (!Array.isArray(reply) || reply.length === 0) {
    throw new RedisIoError('UNEXPECTED_REPLY', 'XREADGROUP: expected a list of streams');
  }
  const stream: unknown = reply[0];
  if (!Array.isArray(stream)) {
    throw new RedisIoError('UNEXPECTED_REPLY', 'XREADGROUP: malformed stream reply');
  }
  return entries(stream[1], 'XREADGROUP');
}

/** `XAUTOCLAIM` reply: the cursor to continue from (`0-0` when the scan is complete) and the claimed entries. */
export function parseAutoClaimReply(reply: unknown): { cursor: string; entries: RawStreamEntry[] } {
  if (!Array.isArray(reply) || !isText(reply[0])) {
    throw new RedisIoError('UNEXPECTED_REPLY', 'XAUTOCLAIM: malformed reply');
  }
  return { cursor: String(reply[0]), entries: entries(reply[1], 'XAUTOCLAIM') };
}
