import { splitLines } from '../../pipeline/line-splitter';
import type { FilePosition, OrderSource, TailChunk } from '../../pipeline/order-source';
import { TailLines } from '../../pipeline/tail-lines';

/**
 * One spooled file as an {@link OrderSource}: the bytes taken (read once, whole, at take time; the
 * size limit bounds them) handed out as lines, then {@link ended}. A last line without `\n` is a
 * line: a complete file's end is its end.
 */
export class SpoolFileReader implements OrderSource {
  /** The content with a `\n` appended when it lacks one, so every line is terminated. */
  private readonly bytes: Buffer;
  private consumed = 0;

  /**
   * @param fileId the identity stored with the position (see {@link spoolFileId})
   * @param content the file's bytes as taken
   */
  constructor(
    readonly fileId: string,
    content: Buffer,
    private readonly maxLineBytes: number,
  ) {
    this.size = content.length;
    this.bytes = content.length === 0 || content[content.length - 1] === 0x0a ? content : Buffer.concat([content, Buffer.from('\n')]);
  }

  /** Bytes of the file as taken. */
  readonly size: number;

  get bytesBehind(): number {
    return this.size - Math.min(this.consumed, this.size);
  }

  get ended(): boolean {
    return this.consumed >= this.size;
  }

  /** Resumes at a committed position of this file; a position of another identity is refused (the caller checks first). */
  seek(from: FilePosition | null): Promise<FilePosition | null> {
    if (from !== null && from.fileId !== this.fileId) {
      return Promise.reject(new Error(`position ${from.fileId}@${from.offset} is not of spooled file ${this.fileId}`));
    }
    this.consumed = Math.min(from?.offset ?? 0, this.size);
    return Promise.resolve({ fileId: this.fileId, offset: this.consumed });
  }

  read(maxLines: number): Promise<TailChunk> {
    const lines = new TailLines();
    const startOffset = this.consumed;
    if (this.ended) {
      return Promise.resolve({ fileId: this.fileId, startOffset, endOffset: startOffset, lines, blank: 0 });
    }
    const split = splitLines(this.bytes, startOffset, 0, maxLines, this.maxLineBytes, lines);
    this.consumed = Math.min(split.next, this.size);
    return Promise.resolve({ fileId: this.fileId, startOffset, endOffset: this.consumed, lines, blank: split.blank });
  }

  interrupt(): void {
    // Reads never wait.
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
