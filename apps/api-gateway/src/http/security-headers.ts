import helmet from 'helmet';
import type { HeadersMiddleware } from './record-headers';

/** The gateway's security headers (helmet), for every HTTP answer. */
export function securityHeaders(): HeadersMiddleware {
  return helmet({
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
  });
}
