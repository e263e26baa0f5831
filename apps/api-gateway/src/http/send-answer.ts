import type { Request, Response } from 'express';
import type { CachedAnswer } from '../cache/history-cache';

/**
 * Sends a serialized JSON answer: gzip-encoded (made once per cached answer) when the client
 * accepts it, with the answer's ETag so Express answers a matching `If-None-Match` with 304
 * without hashing the body.
 */
export function sendAnswer(request: Request, response: Response, answer: CachedAnswer): void {
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('ETag', answer.etag);
  response.vary('Accept-Encoding');
  const gzip = request.acceptsEncodings('gzip', 'identity') === 'gzip' ? answer.gzip() : undefined;
  if (gzip === undefined) {
    response.send(answer.json);
    return;
  }
  response.setHeader('Content-Encoding', 'gzip');
  response.send(gzip);
}
