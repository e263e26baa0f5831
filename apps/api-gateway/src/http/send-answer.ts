import type { Request, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import type { CachedAnswer } from '../cache/history-cache';

/** Content type of every serialized answer. */
export const ANSWER_CONTENT_TYPE = 'application/json; charset=utf-8';

/** The request headers an answer depends on (listed in `Vary`): its encoding, and its format (`Accept`: JSON, CSV or NDJSON). */
export const ANSWER_VARY = 'Accept-Encoding, Accept';

/**
 * Whether Express's content negotiation picks gzip over identity for `request`. It reads only the
 * request's headers, so it also runs on a request that has not been through Express.
 */
export function acceptsGzip(request: IncomingMessage, acceptsEncodings: Request['acceptsEncodings']): boolean {
  return acceptsEncodings.call(request, 'gzip', 'identity') === 'gzip';
}

/**
 * Sends a serialized JSON answer: gzip-encoded (made once per cached answer) when the client
 * accepts it, with the answer's ETag so Express answers a matching `If-None-Match` with 304
 * without hashing the body.
 */
export function sendAnswer(request: Request, response: Response, answer: CachedAnswer): void {
  response.setHeader('Content-Type', ANSWER_CONTENT_TYPE);
  response.setHeader('ETag', answer.etag);
  response.vary(ANSWER_VARY);
  const gzip = acceptsGzip(request, request.acceptsEncodings) ? answer.gzip() : undefined;
  if (gzip === undefined) {
    response.send(answer.json);
    return;
  }
  response.setHeader('Content-Encoding', 'gzip');
  response.send(gzip);
}
