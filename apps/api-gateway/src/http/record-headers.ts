import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';

/** Connect-style middleware that sets response headers (helmet's shape). */
export type HeadersMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** A detached response that remembers each header name as it was first written. */
class RecordingResponse extends ServerResponse {
  readonly names = new Map<string, string>();

  override setHeader(name: string, value: number | string | readonly string[]): this {
    if (!this.names.has(name.toLowerCase())) {
      this.names.set(name.toLowerCase(), name);
    }
    return super.setHeader(name, value);
  }
}

/**
 * The headers `middleware` sets on an answer, recorded once on a detached response, names as
 * written: helmet's are the same for every request, so a path that skips the middleware stack can
 * set exactly these.
 */
export function recordHeaders(middleware: HeadersMiddleware): ReadonlyArray<readonly [string, string]> {
  const req = new IncomingMessage(new Socket());
  req.method = 'GET';
  req.url = '/';
  const res = new RecordingResponse(req);
  let called = false;
  middleware(req, res, () => (called = true));
  if (!called) {
    throw new Error('the headers middleware did not call next synchronously');
  }
  return res.getHeaderNames().flatMap((name) => {
    const value = res.getHeader(name);
    return value === undefined ? [] : [[res.names.get(name) ?? name, Array.isArray(value) ? value.join(', ') : String(value)] as const];
  });
}
