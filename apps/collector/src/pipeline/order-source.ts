import type { TailLines } from './tail-lines';

/** Where reading stands in one source: the identity of what is read (a file's `dev:ino`, …) and a byte offset. */
export interface FilePosition {
  fileId: string;
  offset: number;
}

/** Complete lines of one source, read contiguously from `startOffset` to `endOffset`. */
export interface TailChunk {
  /** Identity of the file (or other unit) the lines come from. */
  fileId: string;
  /** Offset of the first byte this chunk covers. */
  startOffset: number;
  /** Offset just past the last line covered (blank lines included): where reading resumes. */
  endOffset: number;
  /** Non-blank lines, in order (too-long ones apart). */
  lines: TailLines;
  /** Blank lines skipped inside the chunk. */
  blank: number;
}

/**
 * The port every positioned line source implements (file tailing, the spool directory): the
 * {@link SourcePump} validates, batches and commits what it reads, with the position, in one atomic
 * Redis step. Pull-based: nothing is read until {@link read} is called (backpressure).
 *
 * Sources that are handed their input instead (HTTP requests, legacy-list hand-offs) have no byte
 * position to seek to; they are push sources of the `OrderIntake` (order-intake.ts): the same order
 * rules and dead-letter shape, the same commit metrics, each committing atomically with its own
 * bookkeeping.
 */
export interface OrderSource {
  /** Moves to a committed position (or, with none, the start `whenNone` names); returns where reading starts, or null while there is nothing to read yet. */
  seek(from: FilePosition | null, whenNone: 'beginning' | 'end'): Promise<FilePosition | null>;
  /** Up to `maxLines` complete lines; waits while there is nothing new, at most `lingerMs` more once something was read. */
  read(maxLines: number, lingerMs: number): Promise<TailChunk>;
  /** Bytes known to be there and not yet handed out (the lag gauge). */
  readonly bytesBehind: number;
  /** True once a finite source (a spooled file) handed out everything it will ever hold. */
  readonly ended?: boolean;
  /** Makes a pending {@link read} return at once (after a failed commit). */
  interrupt(): void;
  /** Stops reading and releases files and watchers. */
  close(): Promise<void>;
}
