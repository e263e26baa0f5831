import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Express } from 'express';
import { AlertsService } from '../alerts/alerts.service';
import type { GatewayConfig } from '../config/gateway.config';
import { CatalogService } from '../catalog/catalog.service';
import { serveDashboard } from '../http/dashboard-static';
import { firstViewReader } from '../http/first-view-reader';
import { mountCachedAnswerFastPath } from '../http/cached-answer-fast-path';
import { GatewayExceptionFilter } from '../http/gateway-exception.filter';
import { HealthService } from '../health/health.service';
import { mountOpsRoutes } from '../health/ops-routes';
import { recordHeaders } from '../http/record-headers';
import { securityHeaders } from '../http/security-headers';
import { GatewayIoAdapter } from '../live/gateway-io.adapter';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { HistoryAdmission } from '../stats/history-admission';
import type { RawQuery } from '../stats/stats-query.parser';
import { StatsService } from '../stats/stats.service';

/** Global prefix of the REST API. */
export const API_PREFIX = 'api';

/**
 * Everything between creating the Nest app and listening: security headers, CORS, the `/api`
 * prefix and error shape, metrics, the OpenAPI document, socket.io, the dashboard's files, and the
 * fast path for cached answers (`/api/stats`, `/api/top`). Shared by main.ts and the tests, so both run the same app.
 */
export function configureApp(app: INestApplication, config: GatewayConfig): void {
  const metrics = app.get(GatewayMetrics);
  const security = securityHeaders();
  app.use(httpMetricsMiddleware(metrics));
  app.use(security);
  const cors = config.corsOrigins.length > 0;
  if (cors) {
    app.enableCors({ origin: config.corsOrigins, methods: ['GET', 'HEAD', 'OPTIONS'] });
  }
  app.setGlobalPrefix(API_PREFIX);
  const express: Express = app.getHttpAdapter().getInstance();
  mountOpsRoutes(express, app.get(HealthService), metrics);
  const admission = app.get(HistoryAdmission);
  app.useGlobalFilters(new GatewayExceptionFilter((answer) => admission.deferRefusal(answer)));
  app.useWebSocketAdapter(new GatewayIoAdapter(app, config.corsOrigins));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Coffee Pulse API gateway')
      .setDescription('History of coffee order statistics over REST; live statistics over socket.io (see the README).')
      .setVersion('1.0')
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs-json` });

  serveDashboard(app, config.dashboardDir, `/${API_PREFIX}`, {
    read: firstViewReader(app.get(CatalogService), app.get(StatsService), express.get('query parser fn') as (query: string) => RawQuery),
    limits: config.dashboardEmbed,
  });

  const stats = app.get(StatsService);
  const alerts = app.get(AlertsService);
  mountCachedAnswerFastPath({
    server: app.getHttpServer(),
    express,
    metrics,
    routes: [
      { path: `/${API_PREFIX}/stats`, lookup: (query) => stats.fastAnswer(query) },
      { path: `/${API_PREFIX}/top`, lookup: (query) => alerts.fastTopAnswer(query) },
    ],
    deferRefusal: (answer) => admission.deferRefusal(answer),
    // CORS sets `Vary: Origin` on answers to requests without an Origin (those with one take the full stack).
    headers: [...recordHeaders(security), ...(cors ? [['Vary', 'Origin'] as const] : [])],
  });
}
