import { basename, dirname } from 'node:path';
import { ChangeWaiter } from './change-waiter';
import { fileIdOf, findFileById, statOrNull, type FileStat } from './file-identity';
import { endOfLastLine, OpenFiles, openFile, type OpenFile } from './open-files';
import { splitLines, TOO_LONG_HEAD_BYTES, tooLongLine } from '../../pipeline/line-splitter';
import { TailLines } from '../../pipeline/tail-lines';
import { ReadBufferPool } from './read-buffer-pool';
import type { FilePosition, OrderSource, TailChunk } from '../../pipeline/order-source';
import type { FileTailerOptions } from './tail.types';

/** Bytes before the read position compared at every read, to notice a file rewritten after a truncation. */
const OVERLAP_BYTES = 64;

/**
 * Follows one file like `tail -F`, by bytes: complete lines with exact offsets, a partial last line
 * held back until its `\n` arrives. Survives rotation by rename (finishes the old file through its
 * open descriptor, then moves to the new one), copy-truncate (size below the offset → back to 0)
 * and a file that does not exist yet. Pull-based: nothing is read until {@link read} is called, so
 * a caller that stops calling stops the reading (backpressure).
 */
export class FileTailer implements OrderSource {
  private readonly dir: string;
  private readonly base: string;
  private readonly chunkBytes: number;
  private readonly pollIntervalMs: number;
  private readonly rotationGraceMs: number;
  private readonly now: () => number;

  /** The file read now and the one before the last switch. */
  private readonly files = new OpenFiles();
  /** Offset of the first byte not yet handed out (start of the partial line, if any). */
  private consumed = 0;
  /** Bytes read past `consumed` and not yet handed out. */
  private pending: Buffer = Buffer.alloc(0);
  /** Set while skipping an over-long line: its start, head and bytes seen so far. */
  private discard: { offset: number; head: Buffer; length: number } | null = null;
  /** The last bytes read (up to {@link OVERLAP_BYTES}), ending at the read position. */
  private lastBytes: Buffer = Buffer.alloc(0);
  private readonly scratch = Buffer.alloc(OVERLAP_BYTES);
  /** When a different file was first seen at the path while the current one is still read. */
  private rotatedSince: number | null = null;
  /** Set once the unterminated tail of a rotated file was handed out: switch on the next EOF. */
  private finishedRotated = false;
  private knownSize = 0;

  readonly waiter: ChangeWaiter;
  /** Read buffers: room for a partial line up to the limit and a chunk. */
  private readonly buffers: ReadBufferPool;
  private closed = false;
  private reading: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly options: FileTailerOptions,
  ) {
    this.dir = dirname(path);
    this.base = basename(path);
    this.chunkBytes = options.chunkBytes ?? 1024 * 1024;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.rotationGraceMs = options.rotationGraceMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.buffers = new ReadBufferPool(options.maxLineBytes + 2 + this.chunkBytes, Math.min(64 * 1024, this.chunkBytes));
    this.waiter = new ChangeWaiter(
      this.dir,
      (name) => name === null || name === this.base || this.files.current === null || this.rotatedSince !== null,
      (message) => options.onEvent?.({ type: 'watch-failed', message }),
      options.useWatch ?? true,
    );
  }

  /** `dev:ino` of the file being read, or null while waiting for it to exist. */
  get fileId(): string | null {
    return this.files.current?.fileId ?? null;
  }

  /** Bytes in the file past the last line handed out, as of the last look at its size. */
  get bytesBehind(): number {
    return Math.max(0, this.knownSize - this.consumed);
  }

  /**
   * Positions the tailer. `from` is a committed position: when its file is still at the path (or
   * renamed within the same directory) reading resumes at its offset (at 0 when the file is now
   * shorter: truncated meanwhile); a file that is gone means the path holds a newer one, read from
   * its beginning. Without a committed position, `whenNone` picks the beginning or the end (after
   * the last complete line) of a file that exists now. Returns where reading starts, or null
   * while the file does not exist. Not to be called while a {@link read} is pending.
   */
  async seek(from: FilePosition | null, whenNone: 'beginning' | 'end'): Promise<FilePosition | null> {
    if (this.closed) {
      return null;
    }
    this.resetBuffers();
    this.rotatedSince = null;
    this.finishedRotated = false;
    const atPath = await statOrNull(this.path);
    if (from !== null) {
      const kept = this.files.find(from.fileId);
      if (kept !== undefined) {
        const isAtPath = atPath !== null && fileIdOf(atPath) === from.fileId;
        return this.use(kept, from.offset, isAtPath ? 'resume' : 'rotated-file', !isAtPath);
      }
      if (atPath !== null && fileIdOf(atPath) === from.fileId) {
        const file = await openFile(this.path);
        return this.use(file, file.fileId === from.fileId ? from.offset : 0, 'resume', false);
      }
      const renamed = await findFileById(this.dir, from.fileId, this.base);
      if (renamed !== null) {
        const file = await openFile(renamed);
        if (file.fileId === from.fileId) {
          return this.use(file, from.offset, 'rotated-file', true);
        }
        await file.handle.close();
      }
      return this.openAtPath(atPath, 0, 'new-file');
    }
    if (atPath === null) {
      await this.files.setCurrent(null);
      this.options.onEvent?.({ type: 'waiting', path: this.path });
      return null;
    }
    return this.openAtPath(atPath, whenNone === 'end' ? null : 0, 'start');
  }

  /**
   * Reads up to `maxLines` complete non-blank lines of one file. Waits while there is nothing new;
   * once something was read, waits at most `lingerMs` more for further lines. Resolves with what
   * it has (possibly nothing) once {@link close} is called. The lines are copied out of the read
   * buffers into the chunk's own buffer, which the caller may keep or hand to a worker thread.
   */
  read(maxLines: number, lingerMs = 0): Promise<TailChunk> {
    this.buffers.recycle();
    const run = this.readLoop(maxLines, lingerMs);
    this.reading = run.catch(() => undefined);
    return run;
  }

  interrupt(): void {
    this.waiter.interrupt();
  }

  /** Stops waiting and reading, closes the files and the watcher. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiter.close();
    await this.reading;
    await this.files.closeAll();
  }

  private async readLoop(maxLines: number, lingerMs: number): Promise<TailChunk> {
    const lines = new TailLines();
    let blank = 0;
    let fileId = this.files.current?.fileId ?? '';
    let startOffset = this.consumed;
    let deadline = Infinity;
    const chunk = (): TailChunk => ({ fileId, startOffset, endOffset: this.consumed, lines, blank });

    while (!this.closed) {
      if (lines.size === 0 && blank === 0) {
        fileId = this.files.current?.fileId ?? '';
        startOffset = this.consumed;
      }
      if (this.files.current !== null && this.pending.length > 0) {
        const split = splitLines(this.pending, 0, this.consumed, maxLines - lines.size, this.options.maxLineBytes, lines);
        blank += split.blank;
        this.consumed += split.next;
        this.pending = this.pending.subarray(split.next);
        if (lines.size >= maxLines) {
          return chunk();
        }
        // One byte of slack: a line of exactly the limit may still have its `\r` waiting here.
        if (this.pending.length > this.options.maxLineBytes + 1) {
          this.discard = { offset: this.consumed, head: Buffer.from(this.pending.subarray(0, TOO_LONG_HEAD_BYTES)), length: this.pending.length };
          this.pending = Buffer.alloc(0);
        }
      }
      if (lines.size > 0 || blank > 0) {
        deadline = Math.min(deadline, this.now() + lingerMs);
      }
      if (this.files.current !== null && (await this.fill(lines))) {
        continue;
      }
      if (lines.size > 0 || blank > 0) {
        const left = deadline - this.now();
        if (left <= 0) {
          return chunk();
        }
        await this.waiter.wait(Math.min(left, this.pollIntervalMs));
        continue;
      }
      if (await this.checkFile(lines)) {
        continue;
      }
      if (await this.waiter.wait(this.pollIntervalMs)) { return chunk(); }
    }
    return chunk();
  }

  /**
   * Reads the next chunk of the current file; false at its end. Completes an over-long line into
   * `lines`. Each read re-reads the last bytes before the read position and compares them with
   * what was read there before: different bytes mean the file was truncated and written again
   * (copy-truncate) even when it is already longer than the offset, so reading restarts at 0
   * (only while no line is held in `lines`, so a chunk never spans the two contents).
   */
  private async fill(lines: TailLines): Promise<boolean> {
    const file = this.files.current;
    if (file === null) {
      return false;
    }
    const keep = this.pending.length;
    const readAt = this.consumed + keep + (this.discard?.length ?? 0);
    const overlap = Math.min(this.lastBytes.length, readAt);
    const { buffer, at } = this.buffers.prepare(this.pending);
    this.pending = buffer.subarray(at - keep, at); // prepare() may have moved them; never read a recycled buffer
    const target = buffer.subarray(at, at + Math.min(this.chunkBytes, buffer.length - at));
    // One read: the overlap into the scratch buffer, the new bytes right after the pending ones.
    const { bytesRead } = await file.handle.readv(overlap > 0 ? [this.scratch.subarray(0, overlap), target] : [target], readAt - overlap);
    if (bytesRead < overlap || !this.scratch.subarray(0, overlap).equals(this.lastBytes.subarray(this.lastBytes.length - overlap))) {
      if (lines.size > 0) {
        return false;
      }
      this.options.onEvent?.({ type: 'truncated', fileId: file.fileId, size: readAt - overlap + bytesRead, offset: readAt });
      this.resetBuffers();
      return true;
    }
    const fresh = bytesRead - overlap;
    if (fresh === 0) {
      this.knownSize = readAt;
      return false;
    }
    this.buffers.wrote(at, fresh);
    this.knownSize = Math.max(this.knownSize, readAt + fresh);
    this.finishedRotated = false;
    const data = buffer.subarray(at - keep, at + fresh);
    // The bytes before readAt were lastBytes, so the new tail is their continuation.
    const tail = fresh >= OVERLAP_BYTES ? buffer.subarray(at + fresh - OVERLAP_BYTES, at + fresh) : Buffer.concat([this.lastBytes, buffer.subarray(at, at + fresh)]);
    this.lastBytes = Buffer.from(tail.subarray(Math.max(0, tail.length - OVERLAP_BYTES)));
    if (this.discard === null) {
      this.pending = data;
      return true;
    }
    const lf = data.indexOf(0x0a);
    if (lf === -1) {
      this.discard.length += data.length;
      this.pending = Buffer.alloc(0);
      return true;
    }
    const length = this.discard.length + lf - (lf > 0 && data[lf - 1] === 0x0d ? 1 : 0);
    lines.tooLong.push({ offset: this.discard.offset, head: this.discard.head, length });
    this.consumed = this.discard.offset + this.discard.length + lf + 1;
    this.pending = data.subarray(lf + 1);
    this.discard = null;
    return true;
  }

  /**
   * At the end of the current file (or with none open): looks for truncation, rotation or the
   * file appearing. Returns true when the state changed and reading should go on at once.
   */
  private async checkFile(lines: TailLines): Promise<boolean> {
    const atPath = await statOrNull(this.path);
    const file = this.files.current;
    if (file === null) {
      if (atPath === null) {
        return false;
      }
      await this.openAtPath(atPath, 0, 'new-file');
      return true;
    }
    const own = await file.handle.stat({ bigint: true });
    const size = Number(own.size);
    const readTo = this.consumed + this.pending.length + (this.discard?.length ?? 0);
    if (size < readTo) {
      this.options.onEvent?.({ type: 'truncated', fileId: file.fileId, size, offset: readTo });
      this.resetBuffers();
      this.knownSize = size;
      return true;
    }
    this.knownSize = size;
    if (atPath === null || fileIdOf(atPath) === file.fileId) {
      this.rotatedSince = atPath === null ? this.rotatedSince : null;
      return false;
    }
    // A different file sits at the path: finish this one, then switch after a grace period.
    const now = this.now();
    this.rotatedSince ??= now;
    if (now - this.rotatedSince < this.rotationGraceMs) {
      return false;
    }
    if (!this.finishedRotated && (this.pending.length > 0 || this.discard !== null)) {
      this.takeUnterminatedTail(lines);
      this.finishedRotated = true;
      return true;
    }
    const next = await openFile(this.path);
    this.options.onEvent?.({ type: 'rotated', fromFileId: file.fileId, toFileId: next.fileId });
    await this.files.setCurrent(next);
    this.resetBuffers();
    this.knownSize = Number(atPath.size);
    this.options.onEvent?.({ type: 'opened', fileId: next.fileId, offset: 0, reason: 'new-file' });
    return true;
  }

  /** A rotated file's last line has no `\n` and never will: hand it out as it is. */
  private takeUnterminatedTail(lines: TailLines): void {
    if (this.discard !== null) {
      lines.tooLong.push({ offset: this.discard.offset, head: this.discard.head, length: this.discard.length });
      this.consumed = this.discard.offset + this.discard.length;
      this.discard = null;
      return;
    }
    let end = this.pending.length;
    if (this.pending[end - 1] === 0x0d) {
      end--;
    }
    if (end > 0 && this.pending.subarray(0, end).some((b) => b !== 0x20 && b !== 0x09)) {
      if (end > this.options.maxLineBytes) {
        lines.tooLong.push(tooLongLine(this.pending, 0, end, this.consumed));
      } else {
        lines.copyLine(this.pending, 0, end, this.consumed);
      }
    }
    this.consumed += this.pending.length;
    this.pending = Buffer.alloc(0);
  }

  private async openAtPath(atPath: FileStat | null, offset: number | null, reason: 'start' | 'new-file'): Promise<FilePosition | null> {
    if (atPath === null) {
      await this.files.setCurrent(null);
      this.options.onEvent?.({ type: 'waiting', path: this.path });
      return null;
    }
    const file = await openFile(this.path);
    const start = offset ?? (await endOfLastLine(file, this.options.maxLineBytes));
    return this.use(file, start, reason, false);
  }

  private async use(file: OpenFile, offset: number, reason: 'start' | 'resume' | 'rotated-file' | 'new-file', rotated: boolean): Promise<FilePosition> {
    await this.files.setCurrent(file);
    this.resetBuffers();
    const size = Number((await file.handle.stat({ bigint: true })).size);
    if (offset > size) {
      this.options.onEvent?.({ type: 'truncated', fileId: file.fileId, size, offset });
      offset = 0;
    }
    this.consumed = offset;
    this.knownSize = size;
    // A renamed-away file is finished at its end, then the path's file follows at once.
    this.rotatedSince = rotated ? -Infinity : null;
    this.options.onEvent?.({ type: 'opened', fileId: file.fileId, offset, reason });
    return { fileId: file.fileId, offset };
  }

  private resetBuffers(): void {
    this.consumed = 0;
    this.pending = Buffer.alloc(0);
    this.discard = null;
    this.lastBytes = Buffer.alloc(0);
  }
}
