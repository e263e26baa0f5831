import { unfilledBytes } from './unfilled-bytes';

/** A line over the length limit: only its head is kept, for its dead letter. */
export interface TooLongLine {
  /** Byte offset of the line's first byte in its file. */
  offset: number;
  /** The line's first bytes (at most `TOO_LONG_HEAD_BYTES`). */
  head: Buffer;
  /** Length of the whole line in bytes (without `\n` and a trailing `\r`). */
  length: number;
}

const INITIAL_LINES = 1024;
const DEFAULT_BYTES = 256 * 1024;

/** Buffers of earlier batches that are no longer used, for the next ones (see {@link recycleTailBuffer}). */
const spareBuffers: ArrayBuffer[] = [];
const MAX_SPARE_BUFFERS = 4;

/**
 * Hands back the buffer of a batch that is no longer used (validated, its bytes copied on), so the
 * next {@link TailLines} writes into memory already in use: fresh pages fault on first touch, which
 * cost more than the copy into them.
 */
export function recycleTailBuffer(buffer: ArrayBuffer): void {
  if (spareBuffers.length < MAX_SPARE_BUFFERS && buffer.byteLength >= DEFAULT_BYTES) {
    spareBuffers.push(buffer);
  }
}

/**
 * The complete lines of one read, in the form validation takes them: the file's bytes copied span
 * by span into one buffer of its own (transferable to a worker thread), with where each line
 * starts and ends in it and its offset in the file. Line endings, `\r`s and blank lines stay in
 * the buffer, skipped by `starts`/`ends`: taking a line costs two integers, not an object and a view.
 * Lines over the limit are kept apart, as {@link TooLongLine}s.
 */
export class TailLines {
  /** Copied spans of the file, back to back; valid up to {@link byteLength}. */
  bytes: Uint8Array;
  /** Line i is `bytes[starts[i]..ends[i])`, without `\n` and a trailing `\r`. */
  starts: Int32Array;
  ends: Int32Array;
  /** File offset of line i's first byte. */
  offsets: Float64Array;
  /** Lines held (not counting too-long ones). */
  count = 0;
  byteLength = 0;
  readonly tooLong: TooLongLine[] = [];

  constructor() {
    const spare = spareBuffers.pop();
    this.bytes = spare === undefined ? unfilledBytes(DEFAULT_BYTES) : new Uint8Array(spare);
    this.starts = new Int32Array(INITIAL_LINES);
    this.ends = new Int32Array(INITIAL_LINES);
    this.offsets = new Float64Array(INITIAL_LINES);
  }

  /** Lines held, too-long ones included. */
  get size(): number {
    return this.count + this.tooLong.length;
  }

  /**
   * Copies `from[start..end)` in and returns where it begins in {@link bytes}: lines inside the
   * span are then added with {@link addLine} relative to that.
   */
  copySpan(from: Uint8Array, start: number, end: number): number {
    const at = this.byteLength;
    const need = at + end - start;
    if (need > this.bytes.length) {
      const grown = unfilledBytes(Math.max(need, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, at));
      this.bytes = grown;
    }
    this.bytes.set(from.subarray(start, end), at);
    this.byteLength = need;
    return at;
  }

  /** Records a line already copied in: `bytes[start..end)`, at `offset` in its file. */
  addLine(start: number, end: number, offset: number): void {
    const i = this.count;
    if (i === this.starts.length) {
      this.starts = grow(this.starts, new Int32Array(i * 2));
      this.ends = grow(this.ends, new Int32Array(i * 2));
      this.offsets = grow(this.offsets, new Float64Array(i * 2));
    }
    this.starts[i] = start;
    this.ends[i] = end;
    this.offsets[i] = offset;
    this.count = i + 1;
  }

  /** Copies a single line in (a rotated file's unterminated last line). */
  copyLine(from: Uint8Array, start: number, end: number, offset: number): void {
    const at = this.copySpan(from, start, end);
    this.addLine(at, at + end - start, offset);
  }
}

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
