import type { Express, Request, Response } from 'express';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { HealthService } from './health.service';

/** The operations paths every Coffee Pulse service answers at its root (the gateway also under `/api`). */
export const OPS_PATHS = { live: '/health/live', ready: '/health/ready', metrics: '/metrics' } as const;

/**
 * Mounts `/health/live`, `/health/ready` and `/metrics` outside the `/api` prefix, so the gateway
 * answers the same operations paths as the collector and the processor (`/api/health`,
 * `/api/health/live`, `/api/health/ready` and `/api/metrics` stay, answered by the controllers).
 */
export function mountOpsRoutes(express: Express, health: HealthService, metrics: GatewayMetrics): void {
  express.get(OPS_PATHS.live, (_req: Request, res: Response) => {
    res.json({ status: 'ok' });
  });
  express.get(OPS_PATHS.ready, (_req: Request, res: Response, next: (error: unknown) => void) => {
    health.check().then((report) => {
      res.status(report.status === 'ok' ? 200 : 503).json(report);
    }, next);
  });
  express.get(OPS_PATHS.metrics, (_req: Request, res: Response, next: (error: unknown) => void) => {
    metrics.registry.metrics().then((text) => {
      res.setHeader('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
      res.end(text);
    }, next);
  });
}
