import { Logger, type INestApplication } from '@nestjs/common';
import { redactQuery } from '@coffee/service-kit';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { CollectorConfig } from '../config/collector.config';
import { sendError } from '../sources/http/collector-exception.filter';
import { bearerMatches, expectedBearer } from '../sources/http/bearer-token';
import { ClientRateLimiter } from '../sources/http/client-rate-limiter';
import { IngestError } from '../sources/http/ingest.error';
import { CollectorMetrics } from '../metrics/collector.metrics';

/** The route a request is for, as express matches it (case-insensitive, trailing slash ignored). */
function routeOf(req: Request): string {
  const path = req.path.toLowerCase();
  return path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') : path;
}

function isOrdersPost(req: Request): boolean {
  return req.method === 'POST' && routeOf(req) === '/orders';
}

const logger = new Logger('HttpIngress');

/** Refuses a request before its body is read; the connection closes, so an unread body is never taken in. */
function refuse(req: Request, res: Response, error: IngestError): void {
  res.setHeader('Connection', 'close');
  sendError(res, error);
  // Refused before the request logger sees the request; rate-limited ones are only counted (a flood would flood the log).
  if (error.code === 'UNAUTHORIZED') {
    logger.warn(`refused ${req.method} ${redactQuery(req.originalUrl) ?? ''} from ${req.socket.remoteAddress ?? 'unknown'}: ${error.message}`);
  }
}

/**
 * HTTP wiring shared by main.ts and the in-process tests, in this order, before any body is read:
 * ingest requests are counted by answer status; `POST /orders` is rate-limited per client address
 * (429 + Retry-After) and needs the bearer token when `INGEST_TOKEN` is set (401); `/metrics` needs
 * `METRICS_TOKEN` when set. Only then is a `POST /orders` body read, raw (a Buffer, up to
 * BODY_LIMIT, else 413), so ingest can tell JSON from NDJSON and validate input by input; other
 * routes' bodies are never read.
 */
export function configureApp(app: INestApplication, config: CollectorConfig): void {
  const metrics = app.get(CollectorMetrics);
  const limits = config.ingestLimits;
  const limiter = new ClientRateLimiter({ ratePerSecond: limits.ratePerSecond, burst: limits.rateBurst, maxClients: limits.rateClients });
  const ingestBearer = config.ingestToken === undefined ? undefined : expectedBearer(config.ingestToken);
  const metricsBearer = config.metricsToken === undefined ? undefined : expectedBearer(config.metricsToken);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isOrdersPost(req)) {
      res.once('finish', () => metrics.httpRequests.inc({ status: String(res.statusCode) }));
      const wait = limiter.take(req.socket.remoteAddress ?? '');
      if (wait > 0) {
        refuse(req, res, new IngestError('RATE_LIMITED', `more than ${limits.ratePerSecond} requests per second (burst ${limits.rateBurst}) from this address (RATE_LIMIT_PER_SECOND); retry after ${wait} s`, wait));
        return;
      }
      if (ingestBearer !== undefined && !bearerMatches(req.headers.authorization, ingestBearer)) {
        refuse(req, res, new IngestError('UNAUTHORIZED', 'missing or wrong bearer token'));
        return;
      }
    } else if (metricsBearer !== undefined && routeOf(req) === '/metrics' && !bearerMatches(req.headers.authorization, metricsBearer)) {
      refuse(req, res, new IngestError('UNAUTHORIZED', 'missing or wrong bearer token (METRICS_TOKEN)'));
      return;
    }
    next();
  });
  (app as NestExpressApplication).useBodyParser('raw', { type: (req) => isOrdersPost(req as Request), limit: config.bodyLimit });
}
