import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { HistoryStream } from '../stats/stats.service';
import { acceptsGzip, ANSWER_VARY } from './send-answer';

/** What {@link sendStream} needs besides the stream. */
export interface SendStreamOptions {
  /** The client must take something within this many ms, or the answer is aborted (freeing its slot). */
  writeTimeoutMs: number;
  /** `Content-Disposition` file name (CSV downloads), safe characters only. */
  filename?: string;
}

/**
 * Sends a streamed history answer chunk by chunk (chunked transfer encoding; gzip-encoded on the
 * fly when the client accepts it) with back-pressure: the next page is read from Redis only once
 * the client took the previous one. A client that takes nothing for `writeTimeoutMs` is cut off.
 * Once the first bytes are out a failure can only abort the answer (the client sees a truncated
 * body); the stream's slot is freed in every case.
 */
export async function sendStream(request: Request, response: Response, stream: HistoryStream, options: SendStreamOptions): Promise<void> {
  try {
    response.setHeader('Content-Type', stream.contentType);
    response.vary(ANSWER_VARY);
    if (options.filename !== undefined) {
      response.setHeader('Content-Disposition', `attachment; filename="${options.filename}"`);
    }
    const gzip = acceptsGzip(request, request.acceptsEncodings);
    if (gzip) {
      response.setHeader('Content-Encoding', 'gzip');
    }
    response.setTimeout(options.writeTimeoutMs, () => response.destroy());
    const source = Readable.from(stream.chunks, { objectMode: false, highWaterMark: 1 });
    await (gzip ? pipeline(source, createGzip({ level: 1 }), response) : pipeline(source, response));
  } catch {
    // The client went away, stalled past the timeout, or Redis failed mid-answer: the response is destroyed.
    response.destroy();
  } finally {
    stream.close();
  }
}
