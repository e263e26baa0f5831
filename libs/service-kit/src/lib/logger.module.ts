import { RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { redactQuery } from './redact-url';

/**
 * nestjs-pino logger for one service: JSON lines with `service` in every line, secrets redacted
 * (credential headers, and credential-like query parameters in logged URLs), request logging off
 * for health/metrics probes. `destination` (tests) replaces stdout.
 */
export function serviceLoggerModule(service: string, level: string, destination?: DestinationStream): DynamicModule {
  const pinoHttp: Options = {
    level,
    base: { service },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'], censor: '[redacted]' },
    autoLogging: { ignore: (req) => /\/(health|metrics)$/.test(req.url ?? '') },
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: redactQuery(req.url) }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
  return LoggerModule.forRoot({
    // Nest 11 (path-to-regexp 8) wants a named wildcard; the default '*' prints a deprecation warning.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: destination === undefined ? pinoHttp : [pinoHttp, destination],
  });
}
