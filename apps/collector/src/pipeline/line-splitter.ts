import type { TailLines, TooLongLine } from './tail-lines';

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
 * Takes complete (`\n`-terminated) lines out of `buf[from..)` into `out`, at most `maxLines` of
 * them, by bytes so offsets stay exact: the span they cover is copied into `out` once, and each
 * line recorded by its start and end in it. A trailing `\r` is dropped (CRLF files); blank lines
 * are counted, not returned; a line over `maxLineBytes` goes to `out.tooLong` with only its head;
 * a partial last line is left for the caller (see `next`).
 *
 * @param baseOffset file offset of `buf[0]`
 */
export function splitLines(buf: Buffer, from: number, baseOffset: number, maxLines: number, maxLineBytes: number, out: TailLines): SplitResult {
  let blank = 0;
  let start = from;
  let taken = 0;
  // Lines of buf[spanStart..) land in out.bytes from `at` on, once the span is copied.
  let spanStart = from;
  let at = out.byteLength;
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
    } else if (end - start > maxLineBytes) {
      out.copySpan(buf, spanStart, start);
      out.tooLong.push(tooLongLine(buf, start, end, baseOffset + start));
      spanStart = lf + 1;
      at = out.byteLength;
      taken++;
    } else {
      out.addLine(at + start - spanStart, at + end - spanStart, baseOffset + start);
      taken++;
    }
    start = lf + 1;
  }
  out.copySpan(buf, spanStart, start);
  return { blank, next: start };
}

/** A {@link TooLongLine} for `buf[start..end)`: its head copied out, so the buffer can be reused. */
export function tooLongLine(buf: Buffer, start: number, end: number, offset: number): TooLongLine {
  return { offset, head: Buffer.from(buf.subarray(start, start + Math.min(end - start, TOO_LONG_HEAD_BYTES))), length: end - start };
}
