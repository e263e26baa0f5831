import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { GatewayConfig } from '../config/gateway.config';
import { serveDashboard } from '../http/dashboard-static';
import { GatewayExceptionFilter } from '../http/gateway-exception.filter';
import { GatewayIoAdapter } from '../live/gateway-io.adapter';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';

/** Global prefix of the REST API. */
export const API_PREFIX = 'api';

/**
 * Everything between creating the Nest app and listening: security headers, CORS, the `/api`
 * prefix and error shape, metrics, the OpenAPI document, socket.io and the dashboard's files.
 * Shared by main.ts and the tests, so both run the same app.
 */
export function configureApp(app: INestApplication, config: GatewayConfig): void {
  app.use(httpMetricsMiddleware(app.get(GatewayMetrics)));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // The dashboard's own scripts and its socket.io connection (ws/wss to the same host) only.
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'connect-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'object-src': ["'none'"],
          'frame-ancestors': ["'none'"],
          'upgrade-insecure-requests': null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: config.corsOrigins, methods: ['GET', 'HEAD', 'OPTIONS'] });
  }
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalFilters(new GatewayExceptionFilter());
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

  serveDashboard(app, config.dashboardDir, `/${API_PREFIX}`);
}
