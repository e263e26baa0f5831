import type { IncomingMessage, ServerResponse } from 'node:http';
import { PinoLogger } from 'nestjs-pino';

/**
 * Logs an answer the way pino-http's automatic request logging does (`request completed` or
 * `request aborted`, with `req`, `res` and `responseTime`, through the same logger and serializers,
 * once the response finishes or closes), for answers given below the Nest middleware stack. Costs
 * one level check when info is off.
 */
export function logAnswer(req: IncomingMessage, res: ServerResponse, startedMs: number): void {
  // Undefined until the LoggerModule has set up its middleware.
  const root = PinoLogger.root as PinoLogger['logger'] | undefined;
  if (root === undefined || !root.isLevelEnabled('info')) {
    return;
  }
  const done = (): void => {
    res.off('finish', done);
    res.off('close', done);
    const message = !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted';
    root.child({ req }).info({ res, responseTime: Date.now() - startedMs }, message);
  };
  res.on('finish', done);
  res.on('close', done);
}
