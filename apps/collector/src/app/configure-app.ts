import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { CollectorConfig } from '../config/collector.config';
import { CollectorMetrics } from '../metrics/collector.metrics';

/**
 * HTTP wiring shared by main.ts and the in-process tests: ingest requests are counted by answer
 * status (413s from the body parser included), and every request body arrives raw (a Buffer, up
 * to BODY_LIMIT, else 413) so ingest can tell JSON from NDJSON and validate input by input.
 */
export function configureApp(app: INestApplication, config: CollectorConfig): void {
  const metrics = app.get(CollectorMetrics);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'POST' && req.path === '/orders') {
      res.once('finish', () => metrics.httpRequests.inc({ status: String(res.statusCode) }));
    }
    next();
  });
  (app as NestExpressApplication).useBodyParser('raw', { type: () => true, limit: config.bodyLimit });
}
