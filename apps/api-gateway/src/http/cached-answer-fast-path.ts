import type { Express } from 'express';
import type { IncomingMessage, OutgoingHttpHeader, RequestListener, Server, ServerResponse } from 'node:http';
import type { CachedAnswer } from '../cache/history-cache';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import { answerCounter } from '../metrics/http-metrics.middleware';
import type { CancelRefusal } from '../stats/history-admission';
import type { RawQuery } from '../stats/stat-params';
import { logAnswer } from './answer-log';
import { toErrorBody } from './gateway-exception.filter';
import { HistoryAdmissionError, HistoryAdmissionErrorCode } from './history-admission.error';
import { acceptsGzip, ANSWER_CONTENT_TYPE, ANSWER_VARY } from './send-answer';

/**
 * One `GET` route the fast path may answer. `lookup` runs the route's own validation on the parsed
 * query string and returns what the Nest route would answer without reading anything: the cached
 * answer, or the refusal it would get (`OVER_BUDGET`, or `OVERLOADED` for an uncached read now); undefined,
 * or a throw (an invalid query), leaves the request to Express and Nest.
 */
export interface FastPathRoute {
  /** Path of the route (`/api/stats`), also its metrics route label. */
  path: string;
  lookup(query: RawQuery): CachedAnswer | HistoryAdmissionError | undefined;
}

/** What {@link mountCachedAnswerFastPath} needs. */
export interface CachedAnswerFastPathOptions {
  /** The HTTP server Nest listens on, and the Express app it serves. */
  server: Server;
  express: Express;
  metrics: GatewayMetrics;
  routes: readonly FastPathRoute[];
  /** Holds a refusal back for the refusal delay (the admission control's {@link HistoryAdmission.deferRefusal}). */
  deferRefusal(answer: () => void): CancelRefusal;
  /** Headers the middleware stack sets on such an answer, in order (security headers, `Vary: Origin` with CORS). */
  headers: ReadonlyArray<readonly [string, string]>;
}

// An Accept header naming CSV or NDJSON may ask for another format than the cached JSON: left to Nest.
const OTHER_FORMAT = /csv|ndjson/i;

// Express's URL parser (parseurl) hands URLs holding one of these to url.parse, which reads them
// differently (a `#` ends the query): such requests are left to Express.
const UNUSUAL_URL = /[\t\n\f\r #\u00a0\ufeff]/;

interface MountedRoute {
  lookup: FastPathRoute['lookup'];
  count: (startedNs: bigint) => void;
  countRefused: (startedNs: bigint) => void;
  countOverBudget: (startedNs: bigint) => void;
}

/**
 * Answers cached `GET` answers of the given routes (`/api/stats`, `/api/top`) before the request
 * reaches Express and Nest, whose per-request work is most of the cost of a cached answer. Per
 * route it runs the route's own validation (on Express's own query parser) and takes the same
 * cached answer ({@link FastPathRoute.lookup}), negotiates gzip with Express's own negotiation, and
 * writes what the Express/Nest path writes for a 200: the stack's headers, `Content-Type`, `ETag`,
 * `Vary`, `Content-Encoding`, `Content-Length` and the body (serialized and gzipped once per cached
 * answer); it is counted in the HTTP metrics and logged as pino-http logs requests. A query over the
 * budget gets its 400 here, and one whose uncached read would be refused as overloaded its 503, both
 * after the refusal delay.
 * Everything else goes on to Express unchanged: other paths and methods, CORS requests (`Origin`),
 * conditional requests (Express answers the 304), invalid queries (Nest answers the 400), cache
 * misses (Nest reads and fills the cache) and Redis outages (503).
 */
export function mountCachedAnswerFastPath(options: CachedAnswerFastPathOptions): void {
  const { server, express } = options;
  const parseQuery = express.get('query parser fn') as (query: string) => RawQuery;
  const negotiate = express.request.acceptsEncodings;
  const routes = new Map<string, MountedRoute>(
    options.routes.map((route) => [
      route.path,
      {
        lookup: route.lookup,
        count: answerCounter(options.metrics, 'GET', route.path, 200),
        countRefused: answerCounter(options.metrics, 'GET', route.path, 503),
        countOverBudget: answerCounter(options.metrics, 'GET', route.path, 400),
      },
    ]),
  );
  // The stack's headers and Content-Type as one flat list; a `Vary` of the stack gains Accept-Encoding where it is.
  const head: string[] = [];
  let stackVary = false;
  for (const [name, value] of options.headers) {
    stackVary ||= name.toLowerCase() === 'vary';
    head.push(name, name.toLowerCase() === 'vary' ? `${value}, ${ANSWER_VARY}` : value);
  }
  head.push('Content-Type', ANSWER_CONTENT_TYPE);

  const refuse = (req: IncomingMessage, res: ServerResponse, route: MountedRoute, refusal: HistoryAdmissionError, started: bigint): void => {
    // A flood of uncached queries then costs little more than cached answers do (and, held back by the
    // refusal delay, far fewer of them come), so the answers that can be given keep flowing. A client
    // that retries at once costs one request per delay; one that leaves meanwhile is forgotten.
    // The same holds for queries over the budget (400): answered at once, a flood of them kept the
    // gateway's CPU busy with nothing but refusals (measured: 2,110 a second from 200 clients, 109 % of a core).
    const cancel = options.deferRefusal(() => {
      const error = toErrorBody(refusal);
      const body = JSON.stringify(error);
      logAnswer(req, res, Date.now());
      if (refusal.code === HistoryAdmissionErrorCode.Overloaded) {
        res.writeHead(error.statusCode, [...head, 'Retry-After', String(refusal.retryAfterSeconds), 'Content-Length', Buffer.byteLength(body)]);
        res.end(body);
        route.countRefused(started);
      } else {
        res.writeHead(error.statusCode, [...head, 'Content-Length', Buffer.byteLength(body)]);
        res.end(body);
        route.countOverBudget(started);
      }
    });
    res.once('close', cancel);
  };

  const answer = (req: IncomingMessage, res: ServerResponse, route: MountedRoute, url: string, mark: number): boolean => {
    const started = process.hrtime.bigint();
    let found;
    try {
      found = route.lookup(parseQuery(mark < 0 ? '' : url.slice(mark + 1)));
    } catch {
      return false;
    }
    if (found === undefined) {
      return false;
    }
    if (found instanceof HistoryAdmissionError) {
      refuse(req, res, route, found, started);
      return true;
    }
    const gzip = acceptsGzip(req, negotiate) ? found.gzip() : undefined;
    const headers: OutgoingHttpHeader[] = [...head, 'ETag', found.etag];
    if (!stackVary) {
      headers.push('Vary', ANSWER_VARY);
    }
    if (gzip !== undefined) {
      headers.push('Content-Encoding', 'gzip');
    }
    headers.push('Content-Length', gzip === undefined ? Buffer.byteLength(found.json) : gzip.length);
    logAnswer(req, res, Date.now());
    res.writeHead(200, headers);
    res.end(gzip ?? found.json);
    route.count(started);
    return true;
  };

  const candidate = (req: IncomingMessage, url: string, mark: number): MountedRoute | undefined => {
    if (
      req.method !== 'GET' ||
      req.headers.origin !== undefined ||
      req.headers['if-none-match'] !== undefined ||
      req.headers['if-modified-since'] !== undefined ||
      OTHER_FORMAT.test(req.headers.accept ?? '') ||
      UNUSUAL_URL.test(url)
    ) {
      return undefined;
    }
    return routes.get(mark < 0 ? url : url.slice(0, mark));
  };

  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    const mark = url.indexOf('?');
    const route = candidate(req, url, mark);
    if (route !== undefined && answer(req, res, route, url, mark)) {
      return;
    }
    for (const listener of listeners) {
      listener.call(server, req, res);
    }
  });
}
