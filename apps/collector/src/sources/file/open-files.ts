import { open, type FileHandle } from 'node:fs/promises';
import { fileIdOf } from './file-identity';

/** A file open for tailing, with the identity read from its descriptor. */
export interface OpenFile {
  handle: FileHandle;
  fileId: string;
}

/** Opens a file; its identity is read from the open descriptor, so a file replaced meanwhile is seen as such. */
export async function openFile(path: string): Promise<OpenFile> {
  const handle = await open(path, 'r');
  return { handle, fileId: fileIdOf(await handle.stat({ bigint: true })) };
}

/** Offset just past the last `\n` of the file, so starting at the end never begins mid-line. */
export async function endOfLastLine(file: OpenFile, maxLineBytes: number): Promise<number> {
  const size = Number((await file.handle.stat({ bigint: true })).size);
  const window = Math.min(size, maxLineBytes + 2);
  if (window === 0) {
    return 0;
  }
  const buffer = Buffer.allocUnsafe(window);
  const { bytesRead } = await file.handle.read(buffer, 0, window, size - window);
  const lf = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
  return lf === -1 ? size : size - window + lf + 1;
}

/**
 * The file a tailer reads and the one before it: after a switch (rotation) the previous file stays
 * open, so a reset to a committed position can still go back into it; the one retired before is closed.
 */
export class OpenFiles {
  current: OpenFile | null = null;
  retired: OpenFile | null = null;

  /** The current or retired file of this identity. */
  find(fileId: string): OpenFile | undefined {
    return [this.current, this.retired].find((f): f is OpenFile => f?.fileId === fileId);
  }

  /** Makes `file` the current file; the previous one is retired (kept open), the one retired before is closed. */
  async setCurrent(file: OpenFile | null): Promise<void> {
    const previous = this.current;
    if (previous === file) {
      return;
    }
    this.current = file;
    if (previous !== null) {
      if (this.retired !== null && this.retired !== file) {
        await this.retired.handle.close();
      }
      this.retired = previous;
    } else if (this.retired === file) {
      this.retired = null;
    }
  }

  async closeAll(): Promise<void> {
    await this.setCurrent(null);
    await this.retired?.handle.close();
    this.retired = null;
  }
}
