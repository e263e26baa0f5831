/** One complete line of a file. */
export interface TailLine {
  /** Byte offset of the line's first byte in its file. */
  offset: number;
  /** The line's bytes without `\n` and a trailing `\r`; only the head when {@link tooLong}. */
  bytes: Buffer;
  /** Length of the whole line in bytes (without `\n` and a trailing `\r`). */
  length: number;
  /** True when the line is longer than the limit; `bytes` then holds only its first bytes. */
  tooLong: boolean;
}

/** What {@link splitLines} took from a buffer. */
export interface SplitResult {
  /** Blank lines (empty or only spaces, tabs and `\r`) skipped. */
  blank: number;
  /** Index in the buffer just past the last `\n` consumed; the caller keeps the rest for later. */
  next: number;
}

/** Bytes of a too-long line kept for its dead letter. */
export const TOO_LONG_HEAD_BYTES = 4096;

const LF = 0x0a;
const CR = 0x0d;

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x09 && b !== CR) {
      return false;
    }
  }
  return true;
}

/**
 * Splits complete (`\n`-terminated) lines out of `buf[from..)` into `out`, at most `maxLines` of
 * them, by bytes so offsets stay exact. A trailing `\r` is dropped (CRLF files); blank lines are
 * counted, not returned; a partial last line is left for the caller (see `next`).
 *
 * @param baseOffset file offset of `buf[0]`
 */
export function splitLines(buf: Buffer, from: number, baseOffset: number, maxLines: number, maxLineBytes: number, out: TailLine[]): SplitResult {
  let blank = 0;
  let start = from;
  let taken = 0;
  while (taken < maxLines) {
    const lf = buf.indexOf(LF, start);
    if (lf === -1) {
      break;
    }
    let end = lf;
    if (end > start && buf[end - 1] === CR) {
      end--;
    }
    if (isBlank(buf, start, end)) {
      blank++;
    } else {
      out.push(makeLine(buf, start, end, baseOffset, maxLineBytes));
      taken++;
    }
    start = lf + 1;
  }
  return { blank, next: start };
}

/** Builds the {@link TailLine} for `buf[start..end)`, cutting it down when it is over the limit. */
export function makeLine(buf: Buffer, start: number, end: number, baseOffset: number, maxLineBytes: number): TailLine {
  const length = end - start;
  const tooLong = length > maxLineBytes;
  return {
    offset: baseOffset + start,
    bytes: buf.subarray(start, tooLong ? start + Math.min(length, TOO_LONG_HEAD_BYTES) : end),
    length,
    tooLong,
  };
}
