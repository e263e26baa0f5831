import { RedisIoError } from './redis-io.error';
import type { SourcePosition } from './stream.contracts';

/**
 * Canonical text of a position as stored in the offsets hash (field = source id). The Lua
 * compare-and-set compares these strings, so the encoding must be deterministic: fixed key order.
 */
export function encodePosition(position: SourcePosition): string {
  if (position.sourceId === '') {
    throw new RedisIoError('INVALID_INPUT', 'a source position needs a non-empty sourceId');
  }
  if (!Number.isSafeInteger(position.offset) || position.offset < 0) {
    throw new RedisIoError('INVALID_INPUT', `source position offset ${position.offset} is not a non-negative integer`);
  }
  return JSON.stringify({ fileId: position.fileId, offset: position.offset });
}

/** Parses what {@link encodePosition} stored; `UNEXPECTED_REPLY` for anything else. */
export function decodePosition(sourceId: string, text: string): SourcePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed === 'object' && parsed !== null && 'fileId' in parsed && 'offset' in parsed) {
    const { fileId, offset } = parsed;
    if (typeof fileId === 'string' && typeof offset === 'number') {
      return { sourceId, fileId, offset };
    }
  }
  throw new RedisIoError('UNEXPECTED_REPLY', `stored position of "${sourceId}" is not a position: ${text.slice(0, 200)}`);
}
