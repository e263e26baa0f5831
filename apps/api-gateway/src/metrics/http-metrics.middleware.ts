import type { NextFunction, Request, Response } from 'express';
import type { GatewayMetrics } from './gateway-metrics';

/** Express middleware counting every HTTP answer by method, matched route and status. */
export function httpMetricsMiddleware(metrics: GatewayMetrics): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const matched: unknown = Reflect.get(req, 'route');
      const path: unknown = matched === undefined ? undefined : Reflect.get(matched as object, 'path');
      const route = typeof path === 'string' ? path : req.path.startsWith('/api') ? 'unmatched' : 'static';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
    });
    next();
  };
}

/**
 * Counts answers of one method, route and status into the same series as {@link httpMetricsMiddleware},
 * for a path answered before the middleware; the labelled series are looked up once, not per answer.
 */
export function answerCounter(metrics: GatewayMetrics, method: string, route: string, status: number): (startedNs: bigint) => void {
  const requests = metrics.httpRequests.labels({ method, route, status: String(status) });
  const duration = metrics.httpDuration.labels({ method, route });
  return (startedNs) => {
    requests.inc();
    duration.observe(Number(process.hrtime.bigint() - startedNs) / 1e9);
  };
}
