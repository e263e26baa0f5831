import type { Request, Response } from 'express';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { acceptsGzip, ANSWER_VARY } from './send-answer';

/** A streamed answer: its content type, its text in chunks, and a close that frees what it holds (idempotent). */
export interface StreamedAnswer {
  contentType: string;
  chunks: AsyncIterable<string>;
  close(): void;
}

/** What {@link sendStream} needs besides the stream. */
export interface SendStreamOptions {
  /** A client that takes nothing of a full send buffer for this many ms is cut off (freeing the stream's slot). */
  writeTimeoutMs: number;
  /** `Content-Disposition` file name (CSV downloads), safe characters only. */
  filename?: string;
}

/**
 * Sends a streamed history answer chunk by chunk (chunked transfer encoding; gzip-encoded on the
 * fly when the client accepts it) with back-pressure: the next page is read from Redis only once
 * the send buffer has room again. A client that leaves the buffer full for `writeTimeoutMs` is cut
 * off (slow Redis reads do not count: only waits for the client). Once the first bytes are out a
 * failure can only abort the answer (the client sees a truncated body); the stream's slot is
 * freed in every case.
 */
export async function sendStream(request: Request, response: Response, stream: StreamedAnswer, options: SendStreamOptions): Promise<void> {
  const gone = new AbortController();
  const onClose = (): void => gone.abort();
  response.once('close', onClose);
  try {
    response.setHeader('Content-Type', stream.contentType);
    response.vary(ANSWER_VARY);
    if (options.filename !== undefined) {
      response.setHeader('Content-Disposition', `attachment; filename="${options.filename}"`);
    }
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    let sink: Writable = response;
    if (acceptsGzip(request, request.acceptsEncodings)) {
      response.setHeader('Content-Encoding', 'gzip');
      const gzip = createGzip({ level: 1 });
      gzip.pipe(response);
      sink = gzip;
    }
    for await (const chunk of stream.chunks) {
      if (gone.signal.aborted) {
        throw new Error('client gone');
      }
      if (!sink.write(chunk)) {
        await once(sink, 'drain', { signal: AbortSignal.any([gone.signal, AbortSignal.timeout(options.writeTimeoutMs)]) });
      }
    }
    sink.end();
    await finished(response);
  } catch {
    // The client went away, stalled past the timeout, or Redis failed mid-answer.
    response.destroy();
  } finally {
    response.off('close', onClose);
    stream.close();
  }
}
