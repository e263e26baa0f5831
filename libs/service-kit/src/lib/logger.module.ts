import { RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

/**
 * nestjs-pino logger for one service: JSON lines with `service` in every line, secrets redacted,
 * request logging off for health/metrics probes.
 */
export function serviceLoggerModule(service: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    // Nest 11 (path-to-regexp 8) wants a named wildcard; the default '*' prints a deprecation warning.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level,
      base: { service },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'], censor: '[redacted]' },
      autoLogging: { ignore: (req) => /\/(health|metrics)$/.test(req.url ?? '') },
      serializers: {
        req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
  });
}
