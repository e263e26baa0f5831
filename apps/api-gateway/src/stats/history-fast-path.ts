import type { Express } from 'express';
import type { IncomingMessage, OutgoingHttpHeader, RequestListener, Server, ServerResponse } from 'node:http';
import { logAnswer } from '../http/answer-log';
import { toErrorBody } from '../http/gateway-exception.filter';
import { acceptsGzip, ANSWER_CONTENT_TYPE, ANSWER_VARY } from '../http/send-answer';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import { answerCounter } from '../metrics/http-metrics.middleware';
import type { RawQuery } from './stats-query.parser';
import type { StatsService } from './stats.service';

/** What {@link mountHistoryFastPath} needs. */
export interface HistoryFastPathOptions {
  /** The HTTP server Nest listens on, and the Express app it serves. */
  server: Server;
  express: Express;
  stats: StatsService;
  metrics: GatewayMetrics;
  /** Path of `GET` history (`/api/stats`), also its metrics route label. */
  route: string;
  /** Headers the middleware stack sets on such an answer, in order (security headers, `Vary: Origin` with CORS). */
  headers: ReadonlyArray<readonly [string, string]>;
}

// An Accept header naming CSV or NDJSON may ask for another format than the cached JSON: left to Nest.
const OTHER_FORMAT = /csv|ndjson/i;

// Express's URL parser (parseurl) hands URLs holding one of these to url.parse, which reads them
// differently (a `#` ends the query): such requests are left to Express.
const UNUSUAL_URL = /[\t\n\f\r #\u00a0\ufeff]/;

/**
 * Answers `GET <route>` from the history cache before the request reaches Express and Nest, whose
 * per-request work is most of the cost of a cached answer. It runs the same validation
 * ({@link StatsService.parseQuery}, on Express's own query parser), takes the same cached answer
 * ({@link StatsService.cachedHistoryAnswer}), negotiates gzip with Express's own negotiation, and
 * writes what the Express/Nest path writes for a 200: the stack's headers, `Content-Type`, `ETag`,
 * `Vary`, `Content-Encoding`, `Content-Length` and the body; it is counted in the HTTP metrics and
 * logged as pino-http logs requests. Everything else goes on to Express unchanged: other paths and
 * methods, CORS requests (`Origin`), conditional requests (Express answers the 304), invalid queries
 * (Nest answers the 400), cache misses (Nest reads and fills the cache) and Redis outages (503).
 */
export function mountHistoryFastPath(options: HistoryFastPathOptions): void {
  const { server, express, stats, route } = options;
  const parseQuery = express.get('query parser fn') as (query: string) => RawQuery;
  const negotiate = express.request.acceptsEncodings;
  const count = answerCounter(options.metrics, 'GET', route, 200);
  const countRefused = answerCounter(options.metrics, 'GET', route, 503);
  // The stack's headers and Content-Type as one flat list; a `Vary` of the stack gains Accept-Encoding where it is.
  const head: string[] = [];
  let stackVary = false;
  for (const [name, value] of options.headers) {
    stackVary ||= name.toLowerCase() === 'vary';
    head.push(name, name.toLowerCase() === 'vary' ? `${value}, ${ANSWER_VARY}` : value);
  }
  head.push('Content-Type', ANSWER_CONTENT_TYPE);

  const answer = (req: IncomingMessage, res: ServerResponse, url: string, mark: number): boolean => {
    const started = process.hrtime.bigint();
    let cached;
    let query;
    try {
      query = stats.parseQuery(parseQuery(mark < 0 ? '' : url.slice(mark + 1)));
      cached = stats.cachedHistoryAnswer(query);
    } catch {
      return false;
    }
    if (cached === undefined) {
      // A read that would be refused for overload is refused here: a flood of uncached queries then costs
      // little more than cached answers do (and, held back by the refusal delay, far fewer of them come),
      // so the answers that can be given keep flowing.
      const refusal = stats.overloadRefusal(query);
      if (refusal === undefined) {
        return false;
      }
      // Answered after the refusal delay (see HistoryAdmission): a client that retries at once costs one request per delay.
      // A client that leaves meanwhile is forgotten (cancelling an answered refusal does nothing).
      const cancel = stats.deferRefusal(() => {
        const body = JSON.stringify(toErrorBody(refusal));
        logAnswer(req, res, Date.now());
        res.writeHead(503, [...head, 'Retry-After', String(refusal.retryAfterSeconds), 'Content-Length', Buffer.byteLength(body)]);
        res.end(body);
        countRefused(started);
      });
      res.once('close', cancel);
      return true;
    }
    const gzip = acceptsGzip(req, negotiate) ? cached.gzip() : undefined;
    const headers: OutgoingHttpHeader[] = [...head, 'ETag', cached.etag];
    if (!stackVary) {
      headers.push('Vary', ANSWER_VARY);
    }
    if (gzip !== undefined) {
      headers.push('Content-Encoding', 'gzip');
    }
    headers.push('Content-Length', gzip === undefined ? Buffer.byteLength(cached.json) : gzip.length);
    logAnswer(req, res, Date.now());
    res.writeHead(200, headers);
    res.end(gzip ?? cached.json);
    count(started);
    return true;
  };

  const isCandidate = (req: IncomingMessage, url: string, mark: number): boolean =>
    req.method === 'GET' &&
    (mark < 0 ? url : url.slice(0, mark)) === route &&
    req.headers.origin === undefined &&
    req.headers['if-none-match'] === undefined &&
    req.headers['if-modified-since'] === undefined &&
    !OTHER_FORMAT.test(req.headers.accept ?? '') &&
    !UNUSUAL_URL.test(url);

  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    const mark = url.indexOf('?');
    if (isCandidate(req, url, mark) && answer(req, res, url, mark)) {
      return;
    }
    for (const listener of listeners) {
      listener.call(server, req, res);
    }
  });
}
