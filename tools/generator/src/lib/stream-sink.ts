import { createWriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { OrderSink } from './run-generator';

/** Buffer of the file stream: room for a few chunks, so generating overlaps writing. */
const FILE_HIGH_WATER_MARK = 8 * 1024 * 1024;

/**
 * An {@link OrderSink} over a Node writable stream: big writes, waits for `drain` when the
 * stream is full, and fails every later write once the stream has failed.
 */
export class StreamSink implements OrderSink {
  private failure: Error | undefined;

  /** @param owned end the stream on close (a file); otherwise only wait for it to drain (stdout). */
  constructor(
    private readonly stream: Writable,
    private readonly owned: boolean,
  ) {
    stream.on('error', (error: Error) => {
      this.failure ??= error;
    });
  }

  write(chunk: Uint8Array | string): Promise<void> {
    if (this.failure !== undefined) {
      return Promise.reject(this.failure);
    }
    if (this.stream.write(chunk)) {
      return Promise.resolve();
    }
    return this.waitFor('drain');
  }

  /** Flushes everything written; ends the stream when owned. */
  async close(): Promise<void> {
    if (this.failure !== undefined) {
      throw this.failure;
    }
    if (this.owned) {
      const finished = this.waitFor('finish');
      this.stream.end();
      await finished;
    } else if (this.stream.writableNeedDrain) {
      await this.waitFor('drain');
    }
  }

  private waitFor(event: 'drain' | 'finish'): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onEvent = (): void => {
        this.stream.off('error', onError);
        resolve();
      };
      const onError = (error: Error): void => {
        this.stream.off(event, onEvent);
        reject(error);
      };
      this.stream.once(event, onEvent);
      this.stream.once('error', onError);
    });
  }
}

/** True when the file exists, is not empty and does not end in `\n`. */
async function endsMidLine(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return false;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) {
      return false;
    }
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}

/**
 * Opens `path` for appending (parent directories created). When the file ends in a partial line
 * (a writer killed mid-line), a `\n` is written first so the new lines stay whole.
 * @throws the open error (EACCES, EISDIR, …).
 */
export async function openFileSink(path: string): Promise<StreamSink> {
  await mkdir(dirname(path), { recursive: true });
  const needsNewline = await endsMidLine(path);
  const stream = createWriteStream(path, { flags: 'a', highWaterMark: FILE_HIGH_WATER_MARK });
  await once(stream, 'open');
  const sink = new StreamSink(stream, true);
  if (needsNewline) {
    await sink.write('\n');
  }
  return sink;
}
