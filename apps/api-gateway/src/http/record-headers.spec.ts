// Covers recordHeaders: the headers a middleware leaves on an answer, in order, names as written, removed ones left out; a middleware that does not call next at once is refused.
import { recordHeaders } from './record-headers';
import { securityHeaders } from './security-headers';

describe('recordHeaders', () => {
  it('records what a middleware leaves on an answer', () => {
    const headers = recordHeaders((_req, res, next) => {
      res.setHeader('X-Powered-By', 'Express');
      res.setHeader('Content-Security-Policy', "default-src 'self'");
      res.setHeader('x-lower', 1);
      res.setHeader('Vary', ['Origin', 'Accept']);
      res.removeHeader('X-Powered-By');
      next();
    });
    expect(headers).toEqual([
      ['Content-Security-Policy', "default-src 'self'"],
      ['x-lower', '1'],
      ['Vary', 'Origin, Accept'],
    ]);
  });

  it('refuses a middleware that does not call next synchronously', () => {
    expect(() => recordHeaders(() => undefined)).toThrow('did not call next synchronously');
  });

  it("records the gateway's security headers", () => {
    const headers = new Map(recordHeaders(securityHeaders()));
    expect(headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(headers.has('X-Powered-By')).toBe(false);
  });
});
