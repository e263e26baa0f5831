import type { DeadLetter } from './stream.contracts';

/** Default cap on a dead letter's `raw` field, bytes. */
export const DEAD_LETTER_RAW_MAX_BYTES = 4_096;

/** Default approximate cap on the dead-letter stream's length, entries (oldest dropped first). */
export const DEAD_LETTER_STREAM_MAX_LENGTH = 100_000;

/** Number of Lua arguments one dead letter takes (see {@link deadLetterArgs}). */
export const DEAD_LETTER_ARG_COUNT = 6;

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text) <= maxBytes) {
    return text;
  }
  const bytes = Buffer.from(text).subarray(0, maxBytes);
  let end = bytes.length;
  // Step back over continuation bytes to the lead byte of the last (possibly partial) character.
  let lead = end - 1;
  while (lead > 0 && (bytes[lead] & 0xc0) === 0x80) {
    lead -= 1;
  }
  const first = bytes[lead];
  const width = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
  if (lead + width > end) {
    end = lead;
  }
  return bytes.subarray(0, end).toString('utf8');
}

/**
 * Lua arguments for one dead letter: raw (truncated), code, message, source, position, rawBytes
 * (the full size of the input: `letter.rawBytes` when the producer had already cut `raw`).
 */
export function deadLetterArgs(letter: DeadLetter, maxRawBytes: number): string[] {
  const args: string[] = [];
  pushDeadLetterArgs(args, letter, maxRawBytes);
  return args;
}

/** Appends {@link deadLetterArgs} to `args` (no intermediate array, no spreading). */
export function pushDeadLetterArgs(args: (string | Buffer)[], letter: DeadLetter, maxRawBytes: number): void {
  args.push(
    truncateUtf8(letter.raw, maxRawBytes),
    letter.code,
    truncateUtf8(letter.message, DEAD_LETTER_RAW_MAX_BYTES),
    letter.source,
    letter.position,
    String(Math.max(letter.rawBytes ?? 0, Buffer.byteLength(letter.raw))),
  );
}
