// Covers ClientRateLimiter: token bucket per client, refill, Retry-After seconds, the bound on tracked clients, off at 0.
import { ClientRateLimiter } from './client-rate-limiter';

describe('ClientRateLimiter', () => {
  let now = 0;
  const clock = (): number => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('lets a burst through, then answers how long to wait, per client', () => {
    const limiter = new ClientRateLimiter({ ratePerSecond: 2, burst: 3, maxClients: 10, now: clock });
    expect([1, 2, 3].map(() => limiter.take('a'))).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(1);
    expect(limiter.take('b')).toBe(0);
    now += 500;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
  });

  it('rounds the wait up to whole seconds for a slow rate', () => {
    const limiter = new ClientRateLimiter({ ratePerSecond: 0.25, burst: 1, maxClients: 10, now: clock });
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(4);
  });

  it('tracks at most maxClients, forgetting the least recently seen', () => {
    const limiter = new ClientRateLimiter({ ratePerSecond: 1, burst: 1, maxClients: 2, now: clock });
    limiter.take('a');
    limiter.take('b');
    limiter.take('a');
    limiter.take('c');
    expect(limiter.size).toBe(2);
    // b was forgotten (a was seen after it): it starts again with a full bucket.
    expect(limiter.take('b')).toBe(0);
    expect(limiter.size).toBe(2);
  });

  it('is off at 0 requests per second', () => {
    const limiter = new ClientRateLimiter({ ratePerSecond: 0, burst: 1, maxClients: 1, now: clock });
    expect(Array.from({ length: 100 }, () => limiter.take('a')).every((wait) => wait === 0)).toBe(true);
    expect(limiter.size).toBe(0);
  });
});
