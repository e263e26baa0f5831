// Covers redactQuery: credential-like query parameters are hidden in logged URLs, everything else kept.
import { redactQuery } from './redact-url';

describe('redactQuery', () => {
  it.each([
    ['/orders', '/orders'],
    ['/orders?token=s3cret', '/orders?token=[redacted]'],
    ['/orders?access_token=s3cret&x=1', '/orders?access_token=[redacted]&x=1'],
    ['/metrics?api%5Fkey=abc&Authorization=Bearer%20x', '/metrics?api%5Fkey=[redacted]&Authorization=[redacted]'],
    ['/api/stats?last=10&branch=jeongja', '/api/stats?last=10&branch=jeongja'],
    ['/x?password=p&sig=q&flag', '/x?password=[redacted]&sig=[redacted]&flag'],
    ['/x?%E0%A4%A=1', '/x?%E0%A4%A=1'],
  ])('%s → %s', (url, expected) => {
    expect(redactQuery(url)).toBe(expected);
  });

  it('passes undefined through', () => {
    expect(redactQuery(undefined)).toBeUndefined();
  });
});
